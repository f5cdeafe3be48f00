package io.deepbootstrap.bench;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

import static io.deepbootstrap.bench.BenchClock.now;
import static io.deepbootstrap.bench.BenchWorkloads.batch;
import static io.deepbootstrap.bench.BenchWorkloads.create;

/** The benchmark's {@code --profile}: time per layer of one native workload's training step. */
public final class LayerProfile {
    private LayerProfile() {
    }

    /**
     * Prints where a native training step spends its time: per layer forward and backward, the head, and
     * the optimizer update (wall-clock milliseconds per step, averaged).
     *
     * @param workload {@code mlp} or {@code cnn}
     * @param batchSize batch size
     * @param steps steps to average over (after 3 warm-up steps)
     * @param out destination
     */
    public static void profile(String workload, int batchSize, int steps, PrintStream out) {
        try (io.deepbootstrap.toolkit.nn.NativeNetwork net =
                     (io.deepbootstrap.toolkit.nn.NativeNetwork) create(workload, "native", batchSize)) {
            Batch b = batch(net, workload, batchSize);
            io.deepbootstrap.toolkit.nn.Sequential seq = net.sequential();
            List<io.deepbootstrap.toolkit.nn.Layer> layers = seq.layers();
            long[] fwd = new long[layers.size()];
            long[] bwd = new long[layers.size()];
            long head = 0;
            long update = 0;
            org.nd4j.linalg.api.ndarray.INDArray x = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT,
                    io.deepbootstrap.toolkit.nn.Ops.batchShape(batchSize, seq.inputShape()), 'c');
            org.nd4j.linalg.api.ndarray.INDArray g = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, batchSize, 10);
            io.deepbootstrap.toolkit.nn.SoftmaxCrossEntropy ce = new io.deepbootstrap.toolkit.nn.SoftmaxCrossEntropy(10, batchSize);
            Optimizer upd = Optimizers.create(OptimizerSpec.sgd(0.9), seq.parameters());
            for (int s = 0; s < steps + 3; s++) {
                boolean count = s >= 3;
                io.deepbootstrap.toolkit.nn.Ops.put(x, b.features(), b.features().length);
                org.nd4j.linalg.api.ndarray.INDArray a = x;
                for (int i = 0; i < layers.size(); i++) {
                    long t = now();
                    a = layers.get(i).forward(a, true);
                    if (count) {
                        fwd[i] += now() - t;
                    }
                }
                long t = now();
                ce.lossAndGradient(a, b.targets(), g);
                if (count) {
                    head += now() - t;
                }
                org.nd4j.linalg.api.ndarray.INDArray d = g;
                for (int i = layers.size() - 1; i >= 0; i--) {
                    t = now();
                    d = layers.get(i).backward(d, i > 0);
                    if (count) {
                        bwd[i] += now() - t;
                    }
                }
                t = now();
                upd.step(0.01);
                if (count) {
                    update += now() - t;
                }
            }
            double total = 0;
            out.printf(Locale.ROOT, "profile of native %s, batch %d, ms per step:%n", workload, batchSize);
            for (int i = 0; i < layers.size(); i++) {
                out.printf(Locale.ROOT, "  %2d %-12s forward %7.2f  backward %7.2f%n", i, layers.get(i).name(),
                        fwd[i] / 1e6 / steps, bwd[i] / 1e6 / steps);
                total += (fwd[i] + bwd[i]) / 1e6 / steps;
            }
            out.printf(Locale.ROOT, "  head %.2f, update %.2f, total %.2f ms%n", head / 1e6 / steps, update / 1e6 / steps,
                    total + (head + update) / 1e6 / steps);
        }
    }
}
