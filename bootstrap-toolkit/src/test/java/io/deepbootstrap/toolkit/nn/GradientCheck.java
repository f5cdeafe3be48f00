package io.deepbootstrap.toolkit.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central-difference gradient checks of toolkit networks in float64, shared by the layer and the composite
 * layer tests: the loss is {@code sum(forward(x) * r)} for a fixed random {@code r}, and every parameter
 * tensor and the input are probed at evenly spaced entries.
 */
final class GradientCheck {
    static final double H = 1e-6;

    /** Whether an analytic and a numeric derivative agree. */
    interface Closeness {
        boolean agree(double analytic, double numeric);
    }

    private GradientCheck() {
    }

    /**
     * @param inputShape per-example input shape
     * @param layers the layers (fresh)
     * @param parameterProbes about this many entries are probed per parameter tensor
     * @param inputProbes about this many input entries are probed; 0: no input gradient is computed (the layers
     *     are then a network's first ones, which some layers treat differently)
     * @param closeness the agreement test
     * @return one line per disagreeing entry (empty when all agree)
     */
    static List<String> failures(long[] inputShape, List<Layer> layers, int parameterProbes, int inputProbes,
                                 Closeness closeness) {
        int n = 3;
        try (Sequential net = Sequential.of(inputShape, layers, 11, n, DataType.DOUBLE)) {
            net.setComputeInputGradient(inputProbes > 0); // without: as a network's first layer
            Nd4j.getRandom().setSeed(3);
            INDArray x0 = Nd4j.rand(DataType.DOUBLE, Ops.batchShape(n, inputShape)).subi(0.5).muli(4);
            // perturb the non-trainable starting point too (gamma, beta etc. would otherwise be 1 and 0)
            for (INDArray p : net.parameters().valueViews().values()) {
                p.addi(Nd4j.rand(DataType.DOUBLE, p.shape()).subi(0.5).muli(0.2));
            }
            INDArray x = x0.dup();
            INDArray out = net.forward(x, true);
            INDArray rw = Nd4j.rand(DataType.DOUBLE, out.shape()).subi(0.5);
            INDArray gIn = net.backward(rw.dup());
            Map<String, INDArray> grads = net.parameters().gradientViews();
            List<String> failures = new ArrayList<>();
            for (Map.Entry<String, INDArray> e : net.parameters().valueViews().entrySet()) {
                probe(net, x, x0, rw, e.getValue(), grads.get(e.getKey()).dup(), e.getKey(), parameterProbes, closeness, failures);
            }
            if (inputProbes > 0) {
                probe(net, x, x0, rw, x0, gIn.dup(), "input", inputProbes, closeness, failures);
            }
            return failures;
        }
    }

    private static void probe(Sequential net, INDArray x, INDArray x0, INDArray rw, INDArray values, INDArray analytic,
                              String name, int probes, Closeness closeness, List<String> failures) {
        for (long i = 0; i < values.length(); i += 1 + values.length() / probes) {
            double orig = values.getDouble(i);
            values.putScalar(i, orig + H);
            double lp = loss(net, x, x0, rw);
            values.putScalar(i, orig - H);
            double lm = loss(net, x, x0, rw);
            values.putScalar(i, orig);
            double numeric = (lp - lm) / (2 * H);
            if (!closeness.agree(analytic.getDouble(i), numeric)) {
                failures.add(name + "[" + i + "]: analytic " + analytic.getDouble(i) + " numeric " + numeric);
            }
        }
    }

    private static double loss(Sequential net, INDArray x, INDArray x0, INDArray rw) {
        x.assign(x0); // some layers (ReLU) work in place on their input
        return net.forward(x, true).mul(rw).sumNumber().doubleValue();
    }
}
