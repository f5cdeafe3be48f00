package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.engine.BatchSource;
import io.deepbootstrap.core.engine.EpochBatchSource;
import io.deepbootstrap.core.engine.EvaluationSteps;
import io.deepbootstrap.core.engine.ExampleSet;
import io.deepbootstrap.core.engine.RandomStreams;
import io.deepbootstrap.core.engine.RandomStreams.Purpose;
import io.deepbootstrap.core.engine.Trainer;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.settings.Architecture;
import io.deepbootstrap.core.settings.AugmentationSet;
import io.deepbootstrap.core.settings.ExperimentSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an experiment: the grid of seeds × architectures × augmentation alternatives, each cell with one
 * ideal-world run and one real-world run per N, all through the same {@link Trainer}. Everything that can
 * be checked is checked before the first step (components built, data capacity). A run that diverges or
 * fails is recorded and the experiment goes on. Runs may train concurrently ({@code experiment.parallelism}).
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

    /** One planned run: its identity and what it needs. */
    private record Task(RunId id, Architecture architecture, AugmentationSet augmentation) {
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

        private Prepared(ExperimentSettings settings, ExperimentData sources, DataSplits splits, ExperimentComponents components) {
            this.settings = settings;
            this.sources = sources;
            this.data = sources.data();
            this.splits = splits;
            this.components = components;
            this.runs = new RunFactory(settings, components.metrics());
            this.cellWeights = new CellWeights(settings, sources, runs);
        }

        /** @return the data source */
        public DataSource data() {
            return data;
        }

        private List<Task> tasks() {
            List<Task> tasks = new ArrayList<>();
            for (long seed : settings.experiment().seeds()) {
                for (Architecture a : settings.architectures()) {
                    for (AugmentationSet aug : settings.training().augmentationSets()) {
                        tasks.add(new Task(new RunId(a.label(), 0, seed, aug.label(), World.IDEAL), a, aug));
                        for (int n : settings.data().trainSizes()) {
                            tasks.add(new Task(new RunId(a.label(), n, seed, aug.label(), World.REAL), a, aug));
                        }
                    }
                }
            }
            return tasks;
        }

        /** @return the planned run ids, in the order they are reported */
        public List<RunId> plannedRuns() {
            return tasks().stream().map(Task::id).toList();
        }

        /**
         * Runs every planned run.
         *
         * @param listener observer of every run (progress display); called from the training threads
         * @param afterEachRun called with all records finished so far, in planned order, after each run
         * @return all run records, in planned order
         */
        public List<RunRecord> run(RunListener listener, Consumer<List<RunRecord>> afterEachRun) {
            List<RunListener> all = new ArrayList<>(components.listeners());
            all.add(listener);
            RunListener broadcast = new BroadcastListener(all);
            List<Task> tasks = tasks();
            int parallelism = Math.min(settings.experiment().parallelism(), tasks.size());
            Map<RunId, RunRecord> done = new LinkedHashMap<>();
            Consumer<RunRecord> finished = record -> {
                done.put(record.id(), record);
                afterEachRun.accept(tasks.stream().map(t -> done.get(t.id())).filter(r -> r != null).toList());
            };
            if (parallelism <= 1) {
                tasks.forEach(t -> finished.accept(runOne(t, broadcast)));
            } else {
                runConcurrently(tasks, parallelism, broadcast, finished);
            }
            return tasks.stream().map(t -> done.get(t.id())).toList();
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
            Task task = tasks().stream().filter(t -> t.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("run " + id.label() + " is not planned by experiment '"
                            + settings.experiment().name() + "'"));
            List<RunListener> all = new ArrayList<>(components.listeners());
            all.add(listener);
            return runOne(task, new BroadcastListener(all));
        }

        private void runConcurrently(List<Task> tasks, int parallelism, RunListener listener, Consumer<RunRecord> finished) {
            LOG.info("training {} runs at a time", parallelism);
            ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
                Thread t = new Thread(r, "run");
                t.setDaemon(true);
                return t;
            });
            try {
                ExecutorCompletionService<RunRecord> completion = new ExecutorCompletionService<>(pool);
                List<Future<RunRecord>> futures = new ArrayList<>();
                for (Task t : tasks) {
                    futures.add(completion.submit(() -> runOne(t, listener)));
                }
                for (int i = 0; i < futures.size(); i++) {
                    finished.accept(completion.take().get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a run crashed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }

        private RunRecord runOne(Task task, RunListener listener) {
            RunId id = task.id();
            try {
                DataSplit split = splits.of(id.seed());
                ExampleSet train = id.world() == World.REAL ? split.train(id.trainSize()) : null;
                BatchSource world = train != null
                        ? new EpochBatchSource(train, RandomStreams.stream(id.seed(), Purpose.ORDER))
                        : split.freshBatches();
                Trainer.Plan plan = new Trainer.Plan(settings.training().steps(), settings.training().schedule(),
                        EvaluationSteps.logSpaced(settings.training().steps(), settings.evaluation().points()),
                        settings.training().stopAtConvergence(), settings.evaluation().convergence());
                InitialWeights init = cellWeights.of(task.architecture(), id.seed(), listener);
                return runs.run(new RunFactory.Spec(id, task.architecture(), data.inputShape(), data.numClasses(), world,
                        components.augmentations().get(task.augmentation().label()), split.test(), train, plan, init), listener, network -> { });
            } catch (RuntimeException e) {
                LOG.error("run {} failed before training", id, e);
                listener.runFinished(id, RunStatus.FAILED, e.toString());
                return new RunRecord(id, RunStatus.FAILED, e.toString(), settings.training().steps(), settings.training().batchSize(), "", List.of());
            }
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
        Path scratch;
        try {
            scratch = Files.createTempDirectory("bootstrap-validate-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch folder for the run listeners: " + e.getMessage(), e);
        }
        try {
            return prepare(settings, data, splits, scratch.resolve(settings.experiment().name())).plannedRuns();
        } finally {
            try (Stream<Path> walk = Files.walk(scratch)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                LOG.warn("cannot delete the scratch folder {}: {}", scratch, e.toString());
            }
        }
    }

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
