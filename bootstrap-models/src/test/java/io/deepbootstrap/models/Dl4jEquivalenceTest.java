package io.deepbootstrap.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.models.TestContext;
import io.deepbootstrap.models.TinyTasks;
import io.deepbootstrap.models.arch.NativeModels;
import io.deepbootstrap.models.dl4j.Dl4jModels;
import io.deepbootstrap.toolkit.dl4j.Dl4jNetwork;
import io.deepbootstrap.toolkit.nn.*;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The native CNN and MLP compute the same outputs, losses and gradients as the DL4J reference networks (through
 * the {@link Dl4jNetwork} adapter) given the same weights, and stay equal over several steps of the framework's
 * optimizer (within 1e-4 relative, float32).
 */
public class Dl4jEquivalenceTest {
    private static final double TOL = 1e-4;

    public static double relErr(INDArray a, INDArray b) {
        double diff = a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        double scale = b.castTo(DataType.DOUBLE).amaxNumber().doubleValue();
        return diff / Math.max(scale, 1e-12);
    }

    /** Copies DL4J CNN parameters into the native CNN (conv weights: DL4J [out, in, kH, kW], native [kH, kW, in, out]). */
    static void copyCnn(MultiLayerNetwork dl4j, Sequential nat, InputShape s, int[] channels) {
        Map<String, INDArray> d = dl4j.paramTable();
        Map<String, INDArray> n = nat.parameters().valueViews();
        int h = s.height();
        int w = s.width();
        int dl = 0;
        int nl = 0;
        for (int c : channels) {
            n.get(nl + "_conv2d.weight").assign(d.get(dl + "_W").permute(2, 3, 1, 0));
            n.get(nl + "_conv2d.bias").assign(d.get(dl + "_b").reshape(c));
            dl += 2; // conv, pool
            nl += 3; // conv, relu, pool
            h /= 2;
            w /= 2;
        }
        nl += 1; // flatten
        INDArray dw = d.get(dl + "_W"); // DL4J flattens NHWC activations in (h, w, c) order too
        long units = dw.size(1);
        n.get(nl + "_dense.weight").assign(dw);
        n.get(nl + "_dense.bias").assign(d.get(dl + "_b").reshape(units));
        dl += 1;
        nl += 2;
        n.get(nl + "_dense.weight").assign(d.get(dl + "_W"));
        n.get(nl + "_dense.bias").assign(d.get(dl + "_b").reshape(d.get(dl + "_b").length()));
    }

    /** The adapter's gradient views (DL4J names) against the native network's, for the CNN's layers. */
    private static void assertCnnGradientsMatch(Map<String, INDArray> ng, Map<String, INDArray> dg) {
        assertThat(relErr(ng.get("0_conv2d.weight"), dg.get("0_W").permute(2, 3, 1, 0))).isLessThan(TOL);
        assertThat(relErr(ng.get("0_conv2d.bias"), dg.get("0_b").reshape(4))).isLessThan(TOL);
        assertThat(relErr(ng.get("3_conv2d.weight"), dg.get("2_W").permute(2, 3, 1, 0))).isLessThan(TOL);
        assertThat(relErr(ng.get("3_conv2d.bias"), dg.get("2_b").reshape(8))).isLessThan(TOL);
        assertThat(relErr(ng.get("7_dense.weight"), dg.get("4_W"))).isLessThan(TOL);
        assertThat(relErr(ng.get("7_dense.bias"), dg.get("4_b").reshape(16))).isLessThan(TOL);
        assertThat(relErr(ng.get("9_dense.weight"), dg.get("5_W"))).isLessThan(TOL);
        assertThat(relErr(ng.get("9_dense.bias"), dg.get("5_b").reshape(5))).isLessThan(TOL);
    }

    @Test
    void nativeCnnMatchesDl4jOutputsGradientsAndSteps() {
        InputShape shape = new InputShape(8, 8, 3);
        int[] channels = {4, 8};
        TestContext ctx = new TestContext(shape, 5, 9, 6);
        Batch batch = TinyTasks.batch(shape, 5, 6, 1);
        try (Dl4jNetwork ref = Dl4jModels.cnn(ctx, channels, 16);
             NativeNetwork nat = new NativeNetwork(NativeModels.cnnLayers(ctx, channels, 16, DataType.FLOAT), ctx)) {
            Sequential seq = nat.sequential();
            copyCnn(ref.network(), seq, shape, channels);

            // outputs
            float[] pn = new float[6 * 5];
            float[] pd = new float[6 * 5];
            nat.predict(batch, pn);
            ref.predict(batch, pd);
            assertThat(relErr(Nd4j.createFromArray(pn), Nd4j.createFromArray(pd))).isLessThan(TOL);

            // loss and gradients of the mean loss (the adapter divides DL4J's summed gradients by the batch size)
            double ln = nat.computeGradients(batch);
            double ld = ref.computeGradients(batch);
            assertThat(Math.abs(ln - ld) / ld).isLessThan(TOL);
            assertCnnGradientsMatch(nat.parameters().gradientViews(), ref.parameters().gradientViews());

            // three steps of the framework's optimizer (momentum, weight decay) keep the networks equal
            OptimizerSpec spec = new OptimizerSpec(OptimizerSpec.Type.SGD, 0.9, true, 1e-3, 0.9, 0.999, 1e-8);
            Optimizer on = Optimizers.create(spec, nat.parameters());
            Optimizer od = Optimizers.create(spec, ref.parameters());
            on.step(0.05);
            od.step(0.05);
            for (int i = 0; i < 3; i++) {
                ln = TinyTasks.step(nat, on, batch, 0.05);
                ld = TinyTasks.step(ref, od, batch, 0.05);
                assertThat(Math.abs(ln - ld) / ld).isLessThan(TOL);
            }
            Map<String, INDArray> n = nat.parameters().valueViews();
            Map<String, INDArray> dp = ref.network().paramTable();
            assertThat(relErr(n.get("0_conv2d.weight"), dp.get("0_W").permute(2, 3, 1, 0))).isLessThan(TOL);
            assertThat(relErr(n.get("9_dense.weight"), dp.get("5_W"))).isLessThan(TOL);
            assertThat(relErr(n.get("0_conv2d.weight"), seqStart(ctx, channels).get("0_conv2d.weight")))
                    .as("the steps moved the weights").isGreaterThan(1e-3);
        }
    }

    private static Map<String, INDArray> seqStart(TestContext ctx, int[] channels) {
        try (Dl4jNetwork fresh = Dl4jModels.cnn(ctx, channels, 16);
             NativeNetwork nat = new NativeNetwork(NativeModels.cnnLayers(ctx, channels, 16, DataType.FLOAT), ctx)) {
            copyCnn(fresh.network(), nat.sequential(), ctx.inputShape(), channels);
            Map<String, INDArray> copy = new java.util.HashMap<>();
            nat.parameters().valueViews().forEach((k, v) -> copy.put(k, v.dup()));
            return copy;
        }
    }

    @Test
    void nativeMlpMatchesDl4jWithAdamAndWeightDecay() {
        InputShape shape = new InputShape(3, 3, 2);
        TestContext ctx = new TestContext(shape, 4, 2, 8);
        OptimizerSpec spec = new OptimizerSpec(OptimizerSpec.Type.ADAM, 0, false, 0.01, 0.9, 0.999, 1e-8);
        Batch batch = TinyTasks.batch(shape, 4, 8, 5);
        try (Dl4jNetwork ref = Dl4jModels.mlp(ctx, new int[] {10, 7}, org.nd4j.linalg.activations.Activation.RELU);
             NativeNetwork nat = new NativeNetwork(NativeModels.mlpLayers(ctx, new int[] {10, 7}, "relu", DataType.FLOAT), ctx)) {
            Map<String, INDArray> d = ref.parameters().valueViews();
            Map<String, INDArray> n = nat.parameters().valueViews();
            String[] dn = {"0_W", "0_b", "1_W", "1_b", "2_W", "2_b"};
            String[] nn = {"0_dense.weight", "0_dense.bias", "2_dense.weight", "2_dense.bias", "4_dense.weight", "4_dense.bias"};
            for (int i = 0; i < dn.length; i++) {
                n.get(nn[i]).assign(d.get(dn[i]).reshape(n.get(nn[i]).shape()));
            }
            Optimizer on = Optimizers.create(spec, nat.parameters());
            Optimizer od = Optimizers.create(spec, ref.parameters());
            for (int i = 0; i < 4; i++) {
                double ln = TinyTasks.step(nat, on, batch, 0.01);
                double ld = TinyTasks.step(ref, od, batch, 0.01);
                assertThat(Math.abs(ln - ld) / ld).isLessThan(TOL);
            }
            for (int i = 0; i < dn.length; i++) {
                assertThat(relErr(n.get(nn[i]), d.get(dn[i]).reshape(n.get(nn[i]).shape()))).as(nn[i]).isLessThan(TOL);
            }
        }
    }
}
