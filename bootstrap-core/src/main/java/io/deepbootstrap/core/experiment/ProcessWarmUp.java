package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.core.settings.Architecture;
import io.deepbootstrap.core.settings.ExperimentSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process warm-up ({@code training.process-warm-up-steps}): before the first run of a process trains, a
 * throwaway network of an architecture trains a few steps, so that the process's one-time costs — the JIT
 * compiling the training step's Java code, the first calls into the native libraries — are paid here and not
 * by whichever run trains first (the real world of the first cell, or with the seeds at once all real runs),
 * which would make that world's steps look dearer (session 9: ~40 ms, 1–4% of a world's training time).
 *
 * <p>It cannot change a number in the results: the network is built from its own weight seed and closed
 * afterwards, the batches are synthetic (no data source or random stream of a run is touched), the learning
 * rate is 0, and no listener, record or checkpoint sees it. It builds the network the way the runs do
 * ({@link RunFactory#createNetwork}: the architecture's native thread count) and uses the experiment's
 * optimizer, so the same code paths are compiled.
 */
final class ProcessWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessWarmUp.class);

    /** At most this long per architecture (a ResNet's step takes a good part of it): the warm-up stays small. */
    static final Duration MAX_TIME = Duration.ofSeconds(1);
    /** The throwaway network's weight seed and the synthetic batches' seed (no run uses a fixed seed). */
    static final long SEED = 0x3a2f_57e1_9c4b_d06dL;

    private ProcessWarmUp() {
    }

    /**
     * Trains a throwaway network of {@code architecture}: {@code steps} steps, or fewer once {@code maxTime} has
     * passed (at least one), then one inference pass at the evaluation batch size.
     *
     * @param runs builds the network as the runs' networks are built
     * @param settings the experiment (batch sizes, optimizer)
     * @param architecture the architecture
     * @param shape the examples' shape
     * @param classes the number of classes
     * @param steps training steps (at least 1)
     * @param maxTime when to stop early
     * @return the steps trained
     */
    static int train(RunFactory runs, ExperimentSettings settings, Architecture architecture, InputShape shape, int classes,
                     int steps, Duration maxTime) {
        long start = System.nanoTime();
        long deadline = start + maxTime.toNanos();
        Batch batch = syntheticBatch(shape, classes, settings.training().batchSize());
        int done = 0;
        long firstStep = 0;
        try (Network network = runs.createNetwork(architecture, shape, classes, SEED)) {
            Optimizer optimizer = Optimizers.create(settings.training().optimizer().spec(), network.parameters());
            while (done < steps && (done == 0 || System.nanoTime() < deadline)) {
                long t = System.nanoTime();
                network.computeGradients(batch);
                optimizer.step(0.0);
                done++;
                if (done == 1) {
                    firstStep = System.nanoTime() - t;
                }
            }
            Batch evaluation = syntheticBatch(shape, classes, settings.evaluation().batchSize());
            network.predict(evaluation, new float[evaluation.capacity() * classes]);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("process warm-up: {} steps of a throwaway {} network and one inference pass in {} s (first step {} ms); "
                        + "training.process-warm-up-steps = 0 turns it off", done, architecture.label(),
                String.format(Locale.ROOT, "%.2f", seconds), String.format(Locale.ROOT, "%.1f", firstStep / 1e6));
        return done;
    }

    /** A full batch of Gaussian features and labels 0, 1, 2, ... with one-hot targets, from {@link #SEED}. */
    private static Batch syntheticBatch(InputShape shape, int classes, int size) {
        Batch batch = new Batch(shape, classes, size);
        SplittableRandom random = new SplittableRandom(SEED);
        float[] features = batch.features();
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < size; i++) {
            batch.labels()[i] = i % classes;
            batch.exampleIds()[i] = i;
        }
        batch.setOneHotTargets();
        return batch;
    }
}
