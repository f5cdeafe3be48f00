package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.augment.Augmentation;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.engine.BatchSource;
import io.deepbootstrap.core.engine.EpochBatchSource;
import io.deepbootstrap.core.engine.EvaluationSteps;
import io.deepbootstrap.core.engine.Evaluator;
import io.deepbootstrap.core.engine.ExampleSet;
import io.deepbootstrap.core.engine.NamedMetric;
import io.deepbootstrap.core.engine.PrefetchingBatchSource;
import io.deepbootstrap.core.engine.RandomStreams;
import io.deepbootstrap.core.engine.RandomStreams.Purpose;
import io.deepbootstrap.core.engine.Trainer;
import io.deepbootstrap.core.engine.TrainingBatchSource;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.core.result.RunRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an experiment: for every seed and architecture, one ideal-world run and one real-world run per N,
 * all through the same {@link Trainer}. Everything that can be checked is checked before the first step
 * (components built, data capacity). A run that diverges or fails is recorded and the experiment goes on.
 */
public final class ExperimentRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    private final ComponentRegistry registry;
    private final Trainer trainer = new Trainer();

    /** @param registry the component registry */
    public ExperimentRunner(ComponentRegistry registry) {
        this.registry = registry;
    }

    /**
     * An experiment ready to run: its data source open and its components built.
     */
    public final class Prepared implements AutoCloseable {
        private final ExperimentSettings settings;
        private final DataSource data;
        private final List<Augmentation> augmentations;
        private final List<NamedMetric> metrics;
        private final List<RunListener> listeners;

        private Prepared(ExperimentSettings settings, DataSource data, List<Augmentation> augmentations,
                         List<NamedMetric> metrics, List<RunListener> listeners) {
            this.settings = settings;
            this.data = data;
            this.augmentations = augmentations;
            this.metrics = metrics;
            this.listeners = listeners;
        }

        /** @return the data source */
        public DataSource data() {
            return data;
        }

        /** @return the planned run ids, in the order they will run */
        public List<RunId> plannedRuns() {
            List<RunId> ids = new ArrayList<>();
            for (long seed : settings.seeds()) {
                for (ExperimentSettings.Architecture a : settings.architectures()) {
                    ids.add(new RunId(a.label(), 0, seed, settings.augmentationLabel(), World.IDEAL));
                    for (int n : settings.trainSizes()) {
                        ids.add(new RunId(a.label(), n, seed, settings.augmentationLabel(), World.REAL));
                    }
                }
            }
            return ids;
        }

        /**
         * Runs every planned run.
         *
         * @param listener observer of every run (progress display)
         * @param afterEachRun called with all records so far after each run (to write results)
         * @return all run records
         */
        public List<RunRecord> run(RunListener listener, Consumer<List<RunRecord>> afterEachRun) {
            List<RunListener> all = new ArrayList<>(listeners);
            all.add(listener);
            RunListener broadcast = new BroadcastListener(all);
            List<RunRecord> records = new ArrayList<>();
            int maxN = Collections.max(settings.trainSizes());
            for (long seed : settings.seeds()) {
                DataSplit split = DataSplit.create(data, settings.data().type(), seed, settings.testSize(), maxN);
                for (ExperimentSettings.Architecture a : settings.architectures()) {
                    RunId idealId = new RunId(a.label(), 0, seed, settings.augmentationLabel(), World.IDEAL);
                    records.add(runOne(idealId, a, split.freshBatches(), split.test(), null, broadcast));
                    afterEachRun.accept(List.copyOf(records));
                    for (int n : settings.trainSizes()) {
                        RunId realId = new RunId(a.label(), n, seed, settings.augmentationLabel(), World.REAL);
                        ExampleSet train = split.train(n);
                        BatchSource epochs = new EpochBatchSource(train, RandomStreams.stream(seed, Purpose.ORDER));
                        records.add(runOne(realId, a, epochs, split.test(), train, broadcast));
                        afterEachRun.accept(List.copyOf(records));
                    }
                }
            }
            return records;
        }

        private RunRecord runOne(RunId id, ExperimentSettings.Architecture architecture, BatchSource worldSource,
                                 ExampleSet test, ExampleSet train, RunListener listener) {
            Batch buffer = new Batch(data.inputShape(), data.numClasses(), settings.batchSize());
            BatchSource pipeline = new TrainingBatchSource(worldSource, augmentations,
                    RandomStreams.stream(id.seed(), Purpose.AUGMENTATION));
            PrefetchingBatchSource prefetching = settings.prefetch() > 0
                    ? new PrefetchingBatchSource(pipeline, buffer, settings.prefetch(), "batches-" + id.label()) : null;
            BatchSource batches = prefetching != null ? prefetching : pipeline;
            Evaluator evaluator = new Evaluator(metrics,
                    new Batch(data.inputShape(), data.numClasses(), settings.evaluationBatchSize()));
            Trainer.Plan plan = new Trainer.Plan(settings.steps(), settings.schedule(),
                    EvaluationSteps.logSpaced(settings.steps(), settings.evaluationPoints()), false, settings.convergence());
            long weightSeed = RandomStreams.seed(id.seed(), Purpose.WEIGHTS);
            try (batches; Network network = createNetwork(architecture, weightSeed)) {
                String init = "scratch(weight-seed=" + Long.toHexString(weightSeed) + ", parameters="
                        + NetworkFingerprint.of(network) + ")";
                RunRecord record = trainer.train(id, network, batches, buffer, plan, evaluator, test, train, listener, init);
                if (prefetching != null && !record.curve().isEmpty()) {
                    double trainSeconds = record.curve().get(record.curve().size() - 1).elapsedSeconds();
                    LOG.info("{}: waited {} s for data ({}% of training time)", id, String.format("%.2f", prefetching.waitSeconds()),
                            String.format("%.1f", 100 * prefetching.waitSeconds() / Math.max(trainSeconds, 1e-9)));
                }
                return record;
            } catch (RuntimeException e) {
                LOG.error("run {} failed before training", id, e);
                listener.runFinished(id, RunStatus.FAILED, e.toString());
                return new RunRecord(id, RunStatus.FAILED, e.toString(), settings.steps(), settings.batchSize(), "", List.of());
            }
        }

        private Network createNetwork(ExperimentSettings.Architecture a, long weightSeed) {
            RunContexts.Architecture context = new RunContexts.Architecture(data.inputShape(), data.numClasses(), weightSeed,
                    settings.optimizer(), Math.max(settings.batchSize(), settings.evaluationBatchSize()));
            return a.component().factory().create(a.component().config(), context);
        }

        @Override
        public void close() {
            data.close();
        }
    }

    /**
     * Builds every component and checks the data before any training.
     *
     * @param settings the experiment
     * @return the prepared experiment
     * @throws ConfigError if a component rejects its configuration or the data cannot serve the runs
     */
    public Prepared prepare(ExperimentSettings settings) {
        ComponentConfigs components = new ComponentConfigs(registry, settings.resolved());
        RunContexts.Data dataContext = new RunContexts.Data(settings.baseDirectory(), settings.cacheDirectory(), components);
        DataSource data = RunContexts.Data.create(settings.data(), dataContext, "data");
        try {
            DataSplit.checkCapacity(data, settings.data().type(), settings.testSize(), settings.trainSizes(),
                    (long) settings.steps() * settings.batchSize(), settings.steps(), settings.batchSize());
            RunContexts.Augmentation augContext = new RunContexts.Augmentation(data.inputShape(), data.numClasses());
            List<Augmentation> augmentations = new ArrayList<>();
            for (int i = 0; i < settings.augmentations().size(); i++) {
                var r = settings.augmentations().get(i);
                augmentations.add(build("training.augmentations[" + i + "]", r.type(), () -> r.factory().create(r.config(), augContext)));
            }
            List<NamedMetric> metrics = new ArrayList<>();
            for (int i = 0; i < settings.metrics().size(); i++) {
                var r = settings.metrics().get(i);
                metrics.add(new NamedMetric(r.type(), build("evaluation.metrics[" + i + "]", r.type(),
                        () -> r.factory().create(r.config(), new RunContexts.Metric(data.numClasses())))));
            }
            RunContexts.Listener listenerContext = new RunContexts.Listener(settings.name(), settings.outputDirectory());
            List<RunListener> listeners = new ArrayList<>();
            for (int i = 0; i < settings.listeners().size(); i++) {
                var r = settings.listeners().get(i);
                listeners.add(build("experiment.listeners[" + i + "]", r.type(), () -> r.factory().create(r.config(), listenerContext)));
            }
            Prepared prepared = new Prepared(settings, data, augmentations, metrics, listeners);
            for (int i = 0; i < settings.architectures().size(); i++) {
                ExperimentSettings.Architecture a = settings.architectures().get(i);
                build("architectures[" + i + "]", a.component().type(), () -> {
                    prepared.createNetwork(a, 0).close();
                    return a;
                });
            }
            return prepared;
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
    }

    private static <T> T build(String path, String type, java.util.function.Supplier<T> create) {
        try {
            return create.get();
        } catch (ConfigError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigError(path + " (" + type + "): " + e.getMessage());
        }
    }
}
