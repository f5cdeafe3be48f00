package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.ProcessFolder;
import io.deepbootstrap.core.checkpoint.CheckpointPolicy;
import io.deepbootstrap.core.checkpoint.RunPersistence;
import io.deepbootstrap.core.checkpoint.RunStopped;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.engine.BatchSource;
import io.deepbootstrap.core.engine.DrawStopped;
import io.deepbootstrap.core.engine.EpochBatchSource;
import io.deepbootstrap.core.engine.EvaluationSteps;
import io.deepbootstrap.core.engine.ExampleSet;
import io.deepbootstrap.core.engine.RandomStreams;
import io.deepbootstrap.core.engine.RandomStreams.Purpose;
import io.deepbootstrap.core.engine.StepTurns;
import io.deepbootstrap.core.engine.StopProgress;
import io.deepbootstrap.core.engine.Trainer;
import io.deepbootstrap.core.engine.WorldPair;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.core.result.PairKey;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.settings.Architecture;
import io.deepbootstrap.core.settings.ExperimentSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an experiment: the grid of seeds × architectures × augmentation alternatives, each cell with one
 * ideal-world run and one real-world run per N, all through the same {@link Trainer}. Everything that can
 * be checked is checked before the first step (components built, data capacity). A run that diverges or
 * fails is recorded and the experiment goes on. Runs may train concurrently ({@code experiment.parallelism}).
 *
 * <p>Why one class of ~340 lines: it is the engine's single public entry (prepare, validate, run, resume), and
 * each method delegates — planning to {@link RunPlan}, one run's pipeline to {@link RunFactory}, the loop over
 * runs to {@link RunLoop}, initial weights to {@link CellWeights}, T_stops to {@link StopSteps}; what is left
 * here is the lifecycle of a prepared experiment (its open data, components and listeners).
 */
public final class ExperimentRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    private final ComponentRegistry registry;
    private final Trainer trainer = new Trainer();

    /** @param registry the component registry */
    @Inject
    public ExperimentRunner(ComponentRegistry registry) {
        this.registry = registry;
    }

    /** An experiment ready to run: its data sources open and its components built. */
    public final class Prepared implements AutoCloseable {
        private final ExperimentSettings settings;
        private final ExperimentData sources;
        private final DataSource data;
        private final DataSplits splits;
        private final ExperimentComponents components;
        private final RunFactory runs;
        private final CellWeights cellWeights;
        private final StopSteps stopSteps;
        private final RunPlan plan;
        private final WorldPairing pairing;

        private Prepared(ExperimentSettings settings, ExperimentData sources, DataSplits splits, ExperimentComponents components) {
            this.settings = settings;
            this.sources = sources;
            this.data = sources.data();
            this.splits = splits;
            this.components = components;
            this.runs = new RunFactory(settings, components.metrics());
            this.cellWeights = new CellWeights(settings, sources, runs);
            this.stopSteps = new StopSteps(settings.evaluation().convergence());
            this.plan = new RunPlan(settings);
            this.pairing = settings.training().pairWorlds() ? new WorldPairing(settings.evaluation().convergence()) : null;
        }

        /** @return the data source */
        public DataSource data() {
            return data;
        }

        /** @return the planned run ids, in the order they are reported */
        public List<RunId> plannedRuns() {
            return plan.plannedRuns();
        }

        /**
         * Runs every planned run.
         *
         * @param listener observer of every run (progress display); called from the training threads
         * @param afterEachRun called with all records finished so far, in planned order, after each run
         * @return all run records, in planned order
         */
        public List<RunRecord> run(RunListener listener, Consumer<List<RunRecord>> afterEachRun) {
            return run(listener, afterEachRun, RunPersistence.none());
        }

        /**
         * Runs every planned run that has not finished before, resuming those with a checkpoint: runs recorded
         * as finished are kept as they are (and given to {@code afterEachRun} once before the others train, so
         * that the result files include them), the others train or continue from their checkpoints and are
         * recorded as they finish.
         *
         * @param listener observer of every run (progress display); called from the training threads
         * @param afterEachRun called with all records finished so far, in planned order, after each run
         * @param persistence where finished runs are recorded and checkpoints saved, and whether to stop
         * @return all run records, in planned order
         * @throws io.deepbootstrap.core.checkpoint.ExperimentStopped if a stop was requested: the runs that were training saved checkpoints
         */
        public List<RunRecord> run(RunListener listener, Consumer<List<RunRecord>> afterEachRun, RunPersistence persistence) {
            List<RunListener> all = new ArrayList<>(components.listeners());
            all.add(listener);
            RunListener broadcast = new BroadcastListener(all);
            Map<RunId, RunPlan.Task> tasks = new LinkedHashMap<>();
            plan.tasks().forEach(t -> tasks.put(t.id(), t));
            Trainer.deleteStaleSnapshots(snapshotDirectory(true));
            Consumer<List<RunRecord>> recordStops = records -> {
                records.forEach(stopSteps::recorded);
                afterEachRun.accept(records);
            };
            return new RunLoop(List.copyOf(tasks.keySet()), plan.trainingOrder(),
                    id -> runOne(tasks.get(id), broadcast, persistence, true), persistence, seed -> {
                        splits.release(seed); // a sweep keeps the data of the seeds still training only
                        cellWeights.release(seed);
                    }, pairing)
                    .run(settings.experiment().parallelism(), todo -> warmUp(todo, tasks), recordStops);
        }

        /**
         * The process warm-up ({@link ProcessWarmUp}, {@code training.process-warm-up-steps}): a throwaway network of
         * each architecture that will train, in training order, before the first run starts. A warm-up that fails
         * is logged and skipped (the run of that architecture then reports the problem).
         */
        private void warmUp(List<RunId> todo, Map<RunId, RunPlan.Task> tasks) {
            int steps = settings.training().processWarmUpSteps();
            if (steps == 0) {
                return;
            }
            Map<String, Architecture> architectures = new LinkedHashMap<>();
            todo.forEach(id -> architectures.putIfAbsent(tasks.get(id).architecture().label(), tasks.get(id).architecture()));
            for (Architecture a : architectures.values()) {
                try {
                    ProcessWarmUp.train(runs, settings, a, data.inputShape(), data.numClasses(), steps, ProcessWarmUp.MAX_TIME);
                } catch (RuntimeException e) {
                    LOG.warn("process warm-up of {} failed, skipped: {}", a.label(), e.toString());
                }
            }
        }

        /**
         * For a sweep engine that trains runs in several processes: the driver trains the real-world runs first,
         * then asks here for each ideal-world run the T_stops to evaluate it at, and ships them to the worker,
         * which hands them to {@link #evaluateAtStops} before training the ideal run.
         *
         * @param ideal an ideal-world run of this experiment
         * @param records records of real-world runs (others are ignored)
         * @return the T_stops of the real runs of the ideal run's cell among {@code records}, sorted
         */
        public List<Integer> stopSteps(RunId ideal, List<RunRecord> records) {
            StopSteps known = new StopSteps(settings.evaluation().convergence());
            records.forEach(known::recorded);
            return java.util.Arrays.stream(known.known(PairKey.of(ideal))).boxed().toList();
        }

        /**
         * @param ideal an ideal-world run of this experiment
         * @param stops the T_stops of its cell's real runs, trained elsewhere ({@link #stopSteps}): the ideal run is
         *     evaluated at them too
         */
        public void evaluateAtStops(RunId ideal, List<Integer> stops) {
            stopSteps.given(PairKey.of(ideal), stops);
        }

        /**
         * Runs one planned run on its own: what a sweep engine calls for each run it hands out (a Spark
         * task, a retry). The experiment's listeners and {@code listener} observe it. What runs share — the
         * data split of a seed, the initial (or pretrained) weights of an architecture and seed — is computed
         * on first use in this prepared experiment, so the record equals the one {@link #run(RunListener,
         * Consumer)} produces, whatever the order or process the runs are spread over.
         *
         * @param id one of {@link #plannedRuns()}
         * @param listener observer of the run; called from the calling thread
         * @return its record; status {@code FAILED} with the message if it failed before training
         * @throws IllegalArgumentException if {@code id} is not a planned run of this experiment
         */
        public RunRecord run(RunId id, RunListener listener) {
            RunPlan.Task task = plan.task(id);
            List<RunListener> all = new ArrayList<>(components.listeners());
            all.add(listener);
            return runOne(task, new BroadcastListener(all), RunPersistence.none(), false);
        }

        /**
         * Resumes or starts one planned run with its checkpoints under a folder: what a sweep engine calls so
         * that a retried task continues where the failed one left off. The checkpoint is removed once the run has
         * finished; no record is written (the caller keeps the records).
         *
         * @param id one of {@link #plannedRuns()}
         * @param listener observer of the run; called from the calling thread
         * @param checkpointDirectory where the run's checkpoint ({@code <run label>.ckpt}) is read from and saved to
         * @param interval training time between two checkpoints besides those at evaluations (zero = only those)
         * @return its record; status {@code FAILED} with the message if it failed before training
         * @throws IllegalArgumentException if {@code id} is not a planned run of this experiment
         */
        public RunRecord resumeOrRun(RunId id, RunListener listener, Path checkpointDirectory, java.time.Duration interval) {
            RunPlan.Task task = plan.task(id);
            List<RunListener> all = new ArrayList<>(components.listeners());
            all.add(listener);
            RunPersistence persistence = new RunPersistence(new CheckpointPolicy(checkpointDirectory, interval, false), null, () -> false);
            RunRecord record = runOne(task, new BroadcastListener(all), persistence, false);
            persistence.finished(record);
            return record;
        }

        /**
         * @param waitForReals whether an ideal-world run waits until the real runs of its cell are recorded (the
         *     experiment's own loop, which trains them first); otherwise it uses the T_stops known so far (a sweep
         *     engine handing out single runs: the ideal world then has evaluations at the T_stops of the real runs
         *     this process trained before it)
         */
        private RunRecord runOne(RunPlan.Task task, RunListener listener, RunPersistence persistence, boolean waitForReals) {
            RunId id = task.id();
            try {
                DataSplit split = splits.of(id.seed(), persistence::stopRequested);
                ExampleSet train = id.world() == World.REAL ? split.train(id.trainSize()) : null;
                BatchSource world = train != null
                        ? new EpochBatchSource(train, RandomStreams.stream(id.seed(), Purpose.ORDER))
                        : split.freshBatches();
                int[] steps = EvaluationSteps.logSpaced(settings.training().steps(), settings.evaluation().points());
                WorldPair pair = waitForReals && pairing != null ? pairing.side(id) : null;
                if (train == null) {
                    int[] stops = pair != null ? stopSteps.known(PairKey.of(id)) : idealStops(id, persistence, waitForReals);
                    steps = StopSteps.merge(steps, stops);
                    if (pair == null && waitForReals) { // all known; restores snapshots a paired run checkpointed
                        pair = new WorldPair(StopProgress.resolved(stops), StepTurns.ALONE);
                    }
                }
                Trainer.Plan plan = new Trainer.Plan(settings.training().steps(), settings.training().schedule(), steps,
                        settings.training().stopAtConvergence(), settings.evaluation().convergence(), pair);
                InitialWeights init = cellWeights.of(task.architecture(), id.seed(), listener, persistence);
                RunRecord record = runs.run(new RunFactory.Spec(id, task.architecture(), data.inputShape(), data.numClasses(),
                        world, components.augmentations().get(task.augmentation().label()), splits.testSets(id.seed(), persistence::stopRequested),
                        train, plan, init),
                        listener, network -> { }, persistence, snapshotDirectory(waitForReals));
                stopSteps.recorded(record);
                return record;
            } catch (RunStopped e) {
                throw e;
            } catch (DrawStopped e) { // a signal while its data was drawn: it starts from step 1 when the experiment resumes
                throw new RunStopped(id, 0, false);
            } catch (RuntimeException e) {
                LOG.error("run {} failed before training", id, e);
                listener.runFinished(id, RunStatus.FAILED, e.toString());
                return new RunRecord(id, RunStatus.FAILED, e.toString(), settings.training().steps(), settings.training().batchSize(), "", List.of());
            }
        }

        /**
         * Where a run keeps its T_stop snapshots while it trains: the experiment's own loop next to its results
         * ({@code <output-dir>/<name>/.snapshots}, on the results' disk rather than wherever {@code java.io.tmpdir}
         * is, often a RAM-backed tmpfs); a run handed out by a sweep engine (whose workers write nothing next to the
         * results) in a temporary file.
         */
        private Path snapshotDirectory(boolean experimentLoop) {
            return experimentLoop ? settings.experiment().outputDirectory().resolve(Trainer.SNAPSHOT_DIRECTORY) : null;
        }

        /** The T_stops at which an ideal-world run is evaluated besides its grid. */
        private int[] idealStops(RunId id, RunPersistence persistence, boolean waitForReals) {
            PairKey cell = PairKey.of(id);
            if (!waitForReals) {
                return stopSteps.known(cell);
            }
            int[] stops = stopSteps.waitFor(cell, settings.data().trainSizes().size(), persistence::stopRequested);
            if (stops == null) { // stopping before it started: it trains from step 1 when the experiment resumes
                throw new RunStopped(id, 0, false);
            }
            return stops;
        }

        /** Closes the run listeners that hold resources (e.g. a tracking queue to flush), then the data sources. */
        @Override
        public void close() {
            for (RunListener l : components.listeners()) { // e.g. a tracking listener flushing its queue
                if (l instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception e) {
                        LOG.warn("closing run listener {} failed: {}", l.getClass().getName(), e.toString());
                    }
                }
            }
            sources.close();
        }
    }

    /**
     * Opens and checks the data and builds every component, before any training.
     *
     * @param settings the experiment
     * @return the prepared experiment; closing it closes the data sources
     * @throws ConfigError if a component rejects its configuration or the data cannot serve the runs
     */
    public Prepared prepare(ExperimentSettings settings) {
        ExperimentData data = ExperimentData.open(settings, registry);
        try {
            return prepare(settings, data, new DataSplits(settings, data));
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /**
     * Builds every component over data that is already open (the injector's way: data sources and data
     * cache are experiment singletons, see {@link io.deepbootstrap.core.ExperimentModule}).
     *
     * @param settings the experiment
     * @param data its opened data sources, which the prepared experiment closes
     * @param splits the data cache over them
     * @return the prepared experiment
     * @throws ConfigError if a component rejects its configuration
     */
    public Prepared prepare(ExperimentSettings settings, ExperimentData data, DataSplits splits) {
        return prepare(settings, data, splits, settings.experiment().outputDirectory());
    }

    /**
     * Everything {@link #prepare(ExperimentSettings)} checks, for {@code validate}: the data opened and
     * checked, every component created — the run listeners against a scratch folder, deleted afterwards, so
     * that validating never writes into the results folder.
     *
     * @param settings the experiment
     * @param data its opened data sources
     * @param splits the data cache over them
     * @return the planned runs
     * @throws ConfigError if a component rejects its configuration
     */
    public List<RunId> validate(ExperimentSettings settings, ExperimentData data, DataSplits splits) {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        ProcessFolder.sweepStale(temp, SCRATCH_PREFIX); // left by a validate killed with kill -9
        ProcessFolder scratch;
        try {
            scratch = ProcessFolder.create(temp, SCRATCH_PREFIX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch folder for the run listeners in " + temp + ": " + e.getMessage(), e);
        }
        try (scratch) {
            return prepare(settings, data, splits, scratch.path().resolve(settings.experiment().name())).plannedRuns();
        }
    }

    /** The start of the name of {@code validate}'s scratch folder in the temporary directory (pid and a random part follow). */
    public static final String SCRATCH_PREFIX = "bootstrap-validate-";

    private Prepared prepare(ExperimentSettings settings, ExperimentData data, DataSplits splits, Path listenerOutput) {
        DataSource source = data.data();
        Prepared prepared = new Prepared(settings, data, splits, ExperimentComponents.create(settings, source, listenerOutput));
        for (int i = 0; i < settings.architectures().size(); i++) {
            Architecture a = settings.architectures().get(i);
            ComponentCalls.create("architectures[" + i + "]", a.component().type(), a.component().factory(), () -> {
                prepared.runs.createNetwork(a, source.inputShape(), source.numClasses(), 0).close();
                return a;
            });
        }
        return prepared;
    }

    /**
     * Opens the experiment's data source alone (for commands that sample it, such as {@code generate}).
     *
     * @param settings the experiment
     * @return the data source; the caller closes it
     * @throws ConfigError if the source rejects its configuration
     */
    public DataSource openData(ExperimentSettings settings) {
        return ExperimentData.openDataOnly(settings, registry);
    }
}
