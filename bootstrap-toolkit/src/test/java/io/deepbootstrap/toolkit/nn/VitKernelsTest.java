package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float32 kernels of the vision transformer against references: the rational tanh against
 * {@link Math#tanh}, GELU against its double-precision formula, layer norm against libnd4j's
 * {@code layer_norm}/{@code layer_norm_bp} (the previous implementation), and attention on a batch smaller
 * than the allocated one against the full batch.
 */
class VitKernelsTest {

    @Test
    void rationalTanhIsWithinTwoTenthsOfAMillionthOfMathTanh() {
        double worst = 0;
        for (int i = -200_000; i <= 200_000; i++) {
            float x = i * 6e-5f;
            worst = Math.max(worst, Math.abs(Kernels.tanh(x) - Math.tanh(x)));
        }
        assertThat(worst).isLessThan(4e-7);
        assertThat(Kernels.tanh(1e4f)).isEqualTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(Kernels.tanh(-1e4f)).isEqualTo(-1f, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void floatTokenMeanPoolMatchesLibnd4jMeanForwardAndBackward() {
        int n = 3;
        try (Sequential net = Sequential.of(new long[] {5, 7}, List.of(new TokenMeanPool()), 1, n + 2, DataType.FLOAT)) {
            net.setComputeInputGradient(true);
            Nd4j.getRandom().setSeed(4);
            INDArray x = Nd4j.rand(DataType.FLOAT, n, 5, 7).subi(0.5);
            INDArray g = Nd4j.rand(DataType.FLOAT, n, 7).subi(0.5);
            INDArray y = net.forward(x, true);
            assertThat(y.shape()).containsExactly(n, 7);
            assertThat(y.equalsWithEps(x.mean(1), 1e-6)).isTrue();
            INDArray gx = net.backward(g.dup());
            for (int t = 0; t < 5; t++) {
                assertThat(gx.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()).equalsWithEps(g.div(5), 1e-7)).isTrue();
            }
        }
    }

    @Test
    void floatGeluMatchesTheDoubleFormulaForwardAndBackward() {
        int n = 5;
        long[] shape = {1000};
        try (Sequential net = Sequential.of(shape, List.of(new Gelu()), 1, n, DataType.FLOAT)) {
            net.setComputeInputGradient(true);
            Nd4j.getRandom().setSeed(2);
            INDArray x = Nd4j.rand(DataType.FLOAT, n, 1000).subi(0.5).muli(16); // [-8, 8]
            INDArray g = Nd4j.rand(DataType.FLOAT, n, 1000).subi(0.5);
            INDArray y = net.forward(x, true).dup();
            INDArray gx = net.backward(g.dup()).dup();
            for (long i = 0; i < x.length(); i++) {
                double v = x.getDouble(i);
                assertThat(y.getDouble(i)).as("gelu(%s)", v).isCloseTo(Kernels.gelu(v), org.assertj.core.data.Offset.offset(3e-6 * Math.max(1, Math.abs(v))));
                assertThat(gx.getDouble(i)).as("gelu'(%s)", v)
                        .isCloseTo(g.getDouble(i) * Kernels.geluDerivative(v), org.assertj.core.data.Offset.offset(3e-6));
            }
        }
    }

    @Test
    void layerNormMatchesLibnd4jLayerNormForwardAndBackward() {
        int n = 6;
        long[] shape = {7, 64};
        try (Sequential net = Sequential.of(shape, List.of(new LayerNorm()), 1, n, DataType.FLOAT)) {
            net.setComputeInputGradient(true);
            Nd4j.getRandom().setSeed(5);
            INDArray gain = net.parameters().valueViews().get("0_layernorm.gain");
            INDArray bias = net.parameters().valueViews().get("0_layernorm.bias");
            gain.assign(Nd4j.rand(DataType.FLOAT, gain.shape()).addi(0.5));
            bias.assign(Nd4j.rand(DataType.FLOAT, bias.shape()).subi(0.5));
            INDArray x = Nd4j.rand(DataType.FLOAT, n, 7, 64).subi(0.3).muli(3);
            INDArray g = Nd4j.rand(DataType.FLOAT, n, 7, 64).subi(0.5);
            INDArray y = net.forward(x, true).dup();
            INDArray gx = net.backward(g.dup()).dup();
            INDArray gainGrad = net.parameters().gradientViews().get("0_layernorm.gain").dup();
            INDArray biasGrad = net.parameters().gradientViews().get("0_layernorm.bias").dup();

            INDArray refY = Nd4j.create(DataType.FLOAT, n, 7, 64);
            INDArray refGx = Nd4j.create(DataType.FLOAT, n, 7, 64);
            INDArray refGain = Nd4j.create(DataType.FLOAT, 64);
            INDArray refBias = Nd4j.create(DataType.FLOAT, 64);
            int[] axes = {2};
            Ops.exec("layer_norm", new INDArray[] {x, gain, bias}, new INDArray[] {refY}, axes, new boolean[] {false});
            Ops.exec("layer_norm_bp", new INDArray[] {x, gain, bias, g}, new INDArray[] {refGx, refGain, refBias}, axes,
                    new boolean[] {false});
            assertThat(maxAbsDiff(y, refY)).as("forward").isLessThan(1e-4);
            assertThat(maxAbsDiff(gx, refGx)).as("input gradient").isLessThan(1e-4);
            assertThat(maxAbsDiff(gainGrad, refGain)).as("gain gradient").isLessThan(1e-4);
            assertThat(maxAbsDiff(biasGrad, refBias)).as("bias gradient").isLessThan(1e-4);
        }
    }

    @Test
    void attentionOnASmallerBatchEqualsTheFirstRowsOfTheFullBatch() {
        long[] shape = {9, 8};
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 9, 8).subi(0.5);
        INDArray g = Nd4j.rand(DataType.FLOAT, 4, 9, 8).subi(0.5);
        try (Sequential full = Sequential.of(shape, List.of(new TransformerBlock(2, 12)), 3, 4, DataType.FLOAT);
             Sequential small = Sequential.of(shape, List.of(new TransformerBlock(2, 12)), 3, 2, DataType.FLOAT)) {
            full.setComputeInputGradient(true);
            small.setComputeInputGradient(true);
            INDArray two = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)).dup();
            INDArray twoGrad = g.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)).dup();
            INDArray yFull = full.forward(x, true).dup();
            full.backward(g.dup());
            // the full-size network on two examples (views of its buffers) and a network sized for two
            INDArray yTwo = full.forward(two, true).dup();
            INDArray gTwo = full.backward(twoGrad.dup()).dup();
            INDArray gradsTwo = full.parameters().gradientViews().get("0_transformer-block.attention.qkv.weight").dup();
            INDArray ySmall = small.forward(two, true).dup();
            INDArray gSmall = small.backward(twoGrad.dup()).dup();
            INDArray gradsSmall = small.parameters().gradientViews().get("0_transformer-block.attention.qkv.weight").dup();
            assertThat(maxAbsDiff(yTwo, yFull.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)))).isLessThan(1e-6);
            assertThat(maxAbsDiff(yTwo, ySmall)).isLessThan(1e-6);
            assertThat(maxAbsDiff(gTwo, gSmall)).isLessThan(1e-6);
            assertThat(maxAbsDiff(gradsTwo, gradsSmall)).isLessThan(1e-6);
        }
    }

    @Test
    void kernelsRejectStridedArrays() {
        INDArray strided = Nd4j.create(DataType.FLOAT, 4, 6).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3));
        assertThatThrownBy(() -> Kernels.requireContiguous(strided)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("contiguous");
    }

    private static double maxAbsDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE).reshape(a.shape())).amaxNumber().doubleValue();
    }
}
