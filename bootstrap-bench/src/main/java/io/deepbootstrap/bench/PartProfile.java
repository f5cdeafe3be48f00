package io.deepbootstrap.bench;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.toolkit.nn.Layer;
import io.deepbootstrap.toolkit.nn.NativeNetwork;
import io.deepbootstrap.toolkit.nn.Ops;
import io.deepbootstrap.toolkit.nn.PartTimer;
import io.deepbootstrap.toolkit.nn.SoftmaxCrossEntropy;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static io.deepbootstrap.bench.BenchWorkloads.batch;
import static io.deepbootstrap.bench.BenchWorkloads.create;

/**
 * The benchmark's {@code --profile-parts}: milliseconds per part of one native workload's inference pass and
 * training step, from the {@link PartTimer} marks inside the layers (the transformer block, attention and the
 * pre-activation residual block mark their parts; other layers count as a whole): the calling thread's CPU time
 * with one native thread, wall time with more (the CPU time of the calling thread would miss the other threads' work). Compare with {@code bench/pytorch/profile.py} on the same shapes.
 */
public final class PartProfile {
    private PartProfile() {
    }

    /**
     * Prints the profile.
     *
     * @param workload a native workload
     * @param batchSize batch size
     * @param steps steps to average over (after as many warm-up steps)
     * @param out destination
     */
    public static void profile(String workload, int batchSize, int steps, PrintStream out) {
        boolean wall = io.deepbootstrap.toolkit.internal.Nd4jRuntime.threads() > 1;
        String unit = wall ? "wall ms" : "CPU ms";
        try (NativeNetwork net = (NativeNetwork) create(workload, "native", batchSize)) {
            Batch b = batch(net, workload, batchSize);
            List<Layer> layers = net.sequential().layers();
            INDArray x = Nd4j.create(DataType.FLOAT, Ops.batchShape(batchSize, net.sequential().inputShape()), 'c');
            INDArray g = Nd4j.create(DataType.FLOAT, batchSize, 10);
            SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(10, batchSize);
            Optimizer upd = Optimizers.create(OptimizerSpec.sgd(0.9), net.parameters());
            float[] probs = new float[batchSize * 10];
            Ops.put(x, b.features(), b.features().length);
            PartTimer timer = PartTimer.start(wall);
            try {
                for (int s = 0; s < 2 * steps; s++) {
                    if (s == steps) {
                        timer.clear();
                    }
                    INDArray a = forward(layers, x, false);
                    ce.probabilities(a, probs);
                    PartTimer.mark("f softmax-CE head");
                }
                print(out, String.format(Locale.ROOT, "inference of native %s, batch %d, %s per pass", workload, batchSize, unit),
                        timer.nanos(), steps);
                for (int s = 0; s < 2 * steps; s++) {
                    if (s == steps) {
                        timer.clear();
                    }
                    INDArray a = forward(layers, x, true);
                    ce.lossAndGradient(a, b.targets(), g);
                    PartTimer.mark("f softmax-CE head");
                    INDArray d = g;
                    for (int i = layers.size() - 1; i >= 0; i--) {
                        d = layers.get(i).backward(d, i > 0);
                        PartTimer.mark("b " + layers.get(i).name() + (layers.get(i).name().equals("transformer-block") ? " (rest)" : ""));
                    }
                    upd.step(0.01);
                    PartTimer.mark("SGD update");
                }
                print(out, String.format(Locale.ROOT, "training of native %s, batch %d, %s per step", workload, batchSize, unit),
                        timer.nanos(), steps);
            } finally {
                PartTimer.stop();
            }
        }
    }

    private static INDArray forward(List<Layer> layers, INDArray x, boolean training) {
        INDArray a = x;
        for (Layer l : layers) {
            a = l.forward(a, training);
            PartTimer.mark("f " + l.name() + (l.name().equals("transformer-block") ? " (rest)" : ""));
        }
        return a;
    }

    private static void print(PrintStream out, String title, Map<String, Long> nanos, int steps) {
        out.println(title + ":");
        double total = 0;
        for (Map.Entry<String, Long> e : nanos.entrySet()) {
            double ms = e.getValue() / 1e6 / steps;
            total += ms;
            out.printf(Locale.ROOT, "  %-44s %8.3f%n", e.getKey(), ms);
        }
        out.printf(Locale.ROOT, "  %-44s %8.3f%n", "total", total);
    }
}
