package io.deepbootstrap.bench;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.engine.EpochBatchSource;
import io.deepbootstrap.core.engine.Evaluator;
import io.deepbootstrap.core.engine.ExampleSet;
import io.deepbootstrap.core.engine.MaterializedExampleSet;
import io.deepbootstrap.core.engine.NamedMetric;
import io.deepbootstrap.core.engine.PrefetchingBatchSource;
import io.deepbootstrap.core.engine.Trainer;
import io.deepbootstrap.core.engine.TrainingBatchSource;
import io.deepbootstrap.core.metric.BuiltInMetrics;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.bench.ModelBenchmark;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Measures the engine's own overhead: the same network trained on the same examples in the same order,
 * once by a bare loop (copy a batch, compute gradients, optimizer step) and once through the engine (epoch batch
 * source, training pipeline, prefetching thread, {@link Trainer} with its listener calls and timing).
 * Evaluation is excluded from both.
 */
public final class EngineOverheadBenchmark {

    private EngineOverheadBenchmark() {
    }

    /**
     * @param bare bare-loop examples/second (median)
     * @param engine engine examples/second (median)
     */
    public record Result(double bare, double engine) {
        /** @return engine time over bare time, minus one */
        public double overhead() {
            return bare / engine - 1;
        }
    }

    /**
     * @param workload a {@link ModelBenchmark} workload (e.g. {@code mlp})
     * @param batchSize B
     * @param steps steps per measurement
     * @param repeats measurements of each (alternating; the median is reported)
     * @param out progress
     * @return the result
     */
    public static Result run(String workload, int batchSize, int steps, int repeats, PrintStream out) {
        Supplier<Network> network = () -> BenchWorkloads.create(workload, "native", batchSize);
        InputShape shape = new InputShape(32, 32, 3); // the benchmark workloads' input
        ExampleSet set = MaterializedExampleSet.draw(new UniformNoise(shape, 10), 4096, new SplittableRandom(1), 0);
        double[] bare = new double[repeats];
        double[] engine = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            try (Network net = network.get()) {
                bare[r] = bareLoop(net, set, batchSize, steps);
            }
            try (Network net = network.get()) {
                engine[r] = engineLoop(net, set, batchSize, steps);
            }
            out.printf(Locale.ROOT, "  %s overhead run %d: bare %.0f ex/s, engine %.0f ex/s%n", workload, r + 1, bare[r], engine[r]);
        }
        return new Result(median(bare), median(engine));
    }

    private static double bareLoop(Network net, ExampleSet set, int batchSize, int steps) {
        Batch batch = new Batch(set.shape(), 10, batchSize);
        int n = set.shape().size();
        long t0 = 0;
        int cursor = 0;
        Runnable train = BenchWorkloads.trainingStep(net, batch);
        for (int step = -5; step < steps; step++) { // 5 warm-up steps
            if (step == 0) {
                t0 = System.nanoTime();
            }
            for (int b = 0; b < batchSize; b++) {
                batch.labels()[b] = set.read(cursor, batch.features(), b * n);
                cursor = (cursor + 1) % set.size();
            }
            batch.setOneHotTargets();
            train.run();
        }
        return (double) steps * batchSize / ((System.nanoTime() - t0) / 1e9);
    }

    private static double engineLoop(Network net, ExampleSet set, int batchSize, int steps) {
        Batch buffer = new Batch(set.shape(), 10, batchSize);
        ExampleSet test = MaterializedExampleSet.draw(new UniformNoise(set.shape(), 10), 64, new SplittableRandom(2), 0);
        Evaluator evaluator = new Evaluator(List.of(new NamedMetric("error", new BuiltInMetrics.ErrorFactory().create(null, () -> 10))),
                new Batch(set.shape(), 10, 64));
        Trainer.Plan plan = new Trainer.Plan(steps + 5, step -> 0.01, new int[] {5, steps + 5}, false, ConvergenceCriterion.DEFAULT);
        try (PrefetchingBatchSource batches = new PrefetchingBatchSource(new TrainingBatchSource(
                new EpochBatchSource(set, new SplittableRandom(3)), List.of(), new SplittableRandom(4)), buffer, 2, "bench")) {
            Optimizer optimizer = Optimizers.create(OptimizerSpec.sgd(0.9), net.parameters());
            RunRecord record = new Trainer().train(new RunId("bench", 0, 0, "none", World.IDEAL), net, optimizer, batches, buffer, plan,
                    evaluator, test, null, new RunListener() { }, "scratch");
            double start = record.curve().get(0).elapsedSeconds();
            double end = record.curve().get(1).elapsedSeconds();
            return (double) steps * batchSize / (end - start);
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** Uniform noise in [-1, 1] with random labels: the cheapest possible data, so only the engine is measured. */
    private record UniformNoise(InputShape inputShape, int numClasses) implements io.deepbootstrap.api.data.ExampleGenerator {
        @Override
        public int sample(java.util.random.RandomGenerator random, float[] features, int offset) {
            for (int i = 0; i < inputShape.size(); i++) {
                features[offset + i] = (float) (random.nextDouble() * 2 - 1);
            }
            return random.nextInt(numClasses);
        }
    }
}
