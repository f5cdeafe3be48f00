package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.augment.Augmentation;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.checkpoint.CheckpointException;
import io.deepbootstrap.core.checkpoint.CheckpointPolicy;
import io.deepbootstrap.core.checkpoint.EffectiveConfig;
import io.deepbootstrap.core.checkpoint.RunCheckpointer;
import io.deepbootstrap.core.checkpoint.RunCheckpoints;
import io.deepbootstrap.core.checkpoint.RunPersistence;
import io.deepbootstrap.core.checkpoint.RunStopped;
import io.deepbootstrap.core.checkpoint.StateTree;
import io.deepbootstrap.core.engine.BatchSource;
import io.deepbootstrap.core.engine.Evaluator;
import io.deepbootstrap.core.engine.ExampleSet;
import io.deepbootstrap.core.engine.NamedMetric;
import io.deepbootstrap.core.engine.PrefetchingBatchSource;
import io.deepbootstrap.core.engine.RandomStreams;
import io.deepbootstrap.core.engine.RandomStreams.Purpose;
import io.deepbootstrap.core.engine.TestSets;
import io.deepbootstrap.core.engine.Trainer;
import io.deepbootstrap.core.engine.TrainingBatchSource;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.settings.Architecture;
import io.deepbootstrap.core.settings.ExperimentSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and trains one run, the same way whichever it is — a real-world run, an ideal-world run, or the
 * pretraining of an architecture's initial weights: the batch pipeline (the world's examples, then the
 * augmentations with the run's augmentation stream, then the prefetch thread), the evaluator, the network
 * from its architecture with the run's native thread count, its initial weights, the optimizer, and the
 * {@link Trainer}. What differs between runs is all in a {@link Spec}.
 */
final class RunFactory {
    private static final Logger LOG = LoggerFactory.getLogger(RunFactory.class);

    private final ExperimentSettings settings;
    private final List<NamedMetric> metrics;
    private final Trainer trainer = new Trainer();
    private volatile String configHash;

    /**
     * What one run trains and evaluates on.
     *
     * @param id the run
     * @param architecture what to train
     * @param inputShape the examples' shape
     * @param numClasses the number of classes
     * @param world the world's examples: epochs over a train set, or fresh examples
     * @param augmentations applied to every training batch
     * @param tests the sets evaluated at every evaluation step, primary first
     * @param train the train set also evaluated (real world), or null
     * @param plan steps, learning-rate schedule and evaluation steps
     * @param initialWeights where the network starts
     */
    record Spec(RunId id, Architecture architecture, InputShape inputShape, int numClasses, BatchSource world,
                List<Augmentation> augmentations, TestSets tests, ExampleSet train, Trainer.Plan plan,
                InitialWeights initialWeights) {
    }

    /**
     * @param settings the experiment
     * @param metrics the metrics evaluated
     */
    RunFactory(ExperimentSettings settings, List<NamedMetric> metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * Trains one run.
     *
     * @param spec the run
     * @param listener observer of the run
     * @param trained given the trained network before it is closed, if the run ended {@code OK}
     * @return the run's record (a diverged run is recorded, not thrown)
     */
    RunRecord run(Spec spec, RunListener listener, Consumer<Network> trained) {
        return run(spec, listener, trained, null);
    }

    /**
     * Trains one run, or continues it from its checkpoint, saving checkpoints along the way.
     *
     * @param spec the run
     * @param listener observer of the run
     * @param trained given the trained network before it is closed, if the run ended {@code OK}
     * @param persistence where the run's checkpoint is and how often to save it, and whether to stop
     * @return the run's record (a diverged run is recorded, not thrown)
     * @throws RunStopped if a stop was requested while it trained (after saving its checkpoint, if it has one)
     */
    RunRecord run(Spec spec, RunListener listener, Consumer<Network> trained, RunPersistence persistence) {
        return run(spec, listener, trained, persistence, null);
    }

    /**
     * Trains one run, or continues it from its checkpoint, saving checkpoints along the way.
     *
     * @param spec the run
     * @param listener observer of the run
     * @param trained given the trained network before it is closed, if the run ended {@code OK}
     * @param persistence where the run's checkpoint is and how often to save it, and whether to stop
     * @param snapshotDirectory where the run keeps its T_stop snapshots while it trains ({@link Trainer#Trainer(Path)}),
     *     or null for a temporary file
     * @return the run's record (a diverged run is recorded, not thrown)
     * @throws RunStopped if a stop was requested while it trained (after saving its checkpoint, if it has one)
     */
    RunRecord run(Spec spec, RunListener listener, Consumer<Network> trained, RunPersistence persistence,
                  Path snapshotDirectory) {
        RunId id = spec.id();
        BatchSource pipeline = new TrainingBatchSource(spec.world(), spec.augmentations(),
                RandomStreams.stream(augmentationSeed(id), Purpose.AUGMENTATION));
        CheckpointPolicy checkpoints = persistence == null ? null : persistence.checkpoints();
        StateTree saved = checkpoints == null ? null : RunCheckpointer.read(checkpoints.file(id), id, configHash()).orElse(null);
        if (saved == null) {
            return train(spec, pipeline, listener, trained, persistence, null, snapshotDirectory);
        }
        StateTree start = new StateTree();
        pipeline.position().saveTo(start);
        try {
            return train(spec, pipeline, listener, trained, persistence, saved, snapshotDirectory);
        } catch (CheckpointException e) { // thrown while restoring, before the first step
            LOG.warn("{}: its checkpoint does not fit this run ({}); starting the run over", id, e.getMessage());
            pipeline.seek(start);
            return train(spec, pipeline, listener, trained, persistence, null, snapshotDirectory);
        }
    }

    private RunRecord train(Spec spec, BatchSource pipeline, RunListener listener, Consumer<Network> trained,
                            RunPersistence persistence, StateTree saved, Path snapshotDirectory) {
        RunId id = spec.id();
        System.gc(); // the previous run's garbage (and the native buffers only GC frees) goes before this run starts
        ProcessMemory.resetPeak(); // the peak logged at the end is this run's (with parallel runs: of all runs in flight)
        Batch buffer = new Batch(spec.inputShape(), spec.numClasses(), settings.training().batchSize());
        Evaluator evaluator = new Evaluator(metrics, new Batch(spec.inputShape(), spec.numClasses(), settings.evaluation().batchSize()));
        try (Network network = createNetwork(spec.architecture(), spec.inputShape(), spec.numClasses(), weightSeed(id))) {
            String initialization = spec.initialWeights().applyTo(network) + " parameters=" + NetworkFingerprint.of(network);
            Optimizer optimizer = Optimizers.create(settings.training().optimizer().spec(), network.parameters());
            if (saved != null) {
                RunCheckpointer.restore(saved, network, optimizer, pipeline);
                LOG.info("{}: continuing from its checkpoint after step {}", id, RunCheckpointer.step(saved));
            }
            PrefetchingBatchSource prefetching = settings.training().prefetch() > 0
                    ? new PrefetchingBatchSource(pipeline, buffer, settings.training().prefetch(), "batches-" + id.label()) : null;
            BatchSource batches = prefetching != null ? prefetching : pipeline;
            try (batches) {
                RunCheckpoints runCheckpoints = checkpoints(id, persistence, network, optimizer, batches, saved);
                Trainer trainer = snapshotDirectory == null ? this.trainer : new Trainer(snapshotDirectory);
                RunRecord record = trainer.train(id, network, optimizer, batches, buffer, spec.plan(), evaluator, spec.tests(),
                        spec.train(), listener, initialization, runCheckpoints);
                if (prefetching != null) {
                    record = record.withTiming(record.timing().withPreparationCpuSeconds(prefetching.prepareCpuSeconds()));
                }
                if (prefetching != null && !record.curve().isEmpty()) {
                    double seconds = record.curve().get(record.curve().size() - 1).elapsedSeconds();
                    LOG.info("{}: waited {} s for data ({}% of training time); preparing batches took {} s CPU on the prefetch thread",
                            id, String.format(Locale.ROOT, "%.2f", prefetching.waitSeconds()),
                            String.format(Locale.ROOT, "%.1f", 100 * prefetching.waitSeconds() / Math.max(seconds, 1e-9)),
                            String.format(Locale.ROOT, "%.2f", prefetching.prepareCpuSeconds()));
                }
                if (record.status() == RunStatus.OK) {
                    trained.accept(network);
                }
                LOG.info("{}: peak RSS {} (current {})", id, ProcessMemory.format(ProcessMemory.peakResidentBytes()),
                        ProcessMemory.format(ProcessMemory.residentBytes()));
                return record;
            }
        }
    }

    private RunCheckpoints checkpoints(RunId id, RunPersistence persistence, Network network, Optimizer optimizer,
                                       BatchSource batches, StateTree saved) {
        if (persistence == null) {
            return RunCheckpoints.NONE;
        }
        CheckpointPolicy policy = persistence.checkpoints();
        if (policy == null) {
            return RunCheckpoints.stopOnly(persistence::stopRequested);
        }
        return new RunCheckpointer(policy.file(id), id, configHash(), policy.interval(), persistence::stopRequested,
                network, optimizer, batches, saved);
    }

    /** @return the hash of the effective configuration that ties checkpoints to it */
    String configHash() {
        String h = configHash;
        if (h == null) {
            h = EffectiveConfig.hash(settings.resolved());
            configHash = h;
        }
        return h;
    }

    /**
     * Builds an architecture's network for this experiment.
     *
     * @param a the architecture
     * @param shape the examples' shape
     * @param classes the number of classes
     * @param weightSeed the seed of its initial weights
     * @return the network
     */
    Network createNetwork(Architecture a, InputShape shape, int classes, long weightSeed) {
        RunContexts.Architecture context = new RunContexts.Architecture(shape, classes, weightSeed,
                Math.max(settings.training().batchSize(), settings.evaluation().batchSize()), nativeThreads(a));
        return a.component().factory().create(a.component().config(), context);
    }

    /**
     * @param a an architecture
     * @return the native threads its networks use: its {@code threads} (else {@code training.threads}), 0 meaning
     *     every core; never more than the cores divided by the runs that train at once
     */
    int nativeThreads(Architecture a) {
        int available = Math.max(1, Runtime.getRuntime().availableProcessors() / settings.experiment().parallelism());
        return a.threads() == 0 ? available : Math.min(a.threads(), available);
    }

    /** @return the weight seed of a run: both worlds of a cell, and its pretraining, start from the same one */
    static long weightSeed(RunId id) {
        return RandomStreams.seed(id.seed(), Purpose.WEIGHTS);
    }

    private static long augmentationSeed(RunId id) {
        return id.isPretraining() ? RandomStreams.seed(id.seed(), Purpose.PRETRAINING) : id.seed();
    }
}
