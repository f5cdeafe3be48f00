package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Numerical gradient checks in float64 for every layer type: the loss is {@code sum(output * R)} for a
 * fixed random R, so the backward pass gets R as output gradient; parameter and input gradients are
 * compared with central differences.
 */
class GradientCheckTest {
    private static final double H = 1e-6;
    private static final double TOLERANCE = 1e-5;

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("dense", new long[] {5}, (Supplier<List<Layer>>) () -> List.of(new Dense(4))),
                Arguments.of("dense on tokens", new long[] {3, 5}, (Supplier<List<Layer>>) () -> List.of(new Dense(4))),
                Arguments.of("conv2d same", new long[] {5, 4, 3}, (Supplier<List<Layer>>) () -> List.of(Conv2d.same(4, 3))),
                Arguments.of("conv2d same, shifted backward", new long[] {5, 4, 3},
                        (Supplier<List<Layer>>) () -> List.of(Conv2d.same(4, 3).shiftedBackward(true))),
                Arguments.of("conv2d 5x5 same, no bias, shifted backward", new long[] {6, 5, 2},
                        (Supplier<List<Layer>>) () -> List.of(new Conv2d(3, 5, 1, true, false).shiftedBackward(true))),
                Arguments.of("conv2d same, libnd4j backward", new long[] {5, 4, 3},
                        (Supplier<List<Layer>>) () -> List.of(Conv2d.same(4, 3).shiftedBackward(false))),
                Arguments.of("conv2d same, libnd4j in slices of 2 images", new long[] {5, 4, 3},
                        (Supplier<List<Layer>>) () -> List.of(Conv2d.same(4, 3).shiftedBackward(false).chunkImages(2))),
                Arguments.of("conv2d stride 2 same, no bias, one image per libnd4j call", new long[] {5, 5, 2},
                        (Supplier<List<Layer>>) () -> List.of(new Conv2d(3, 3, 2, true, false).chunkImages(1))),
                Arguments.of("conv2d 1x1 stride 2 (gemm), odd size", new long[] {5, 5, 2},
                        (Supplier<List<Layer>>) () -> List.of(new Conv2d(3, 1, 2, true, true))),
                Arguments.of("conv2d 1x1 stride 1 (gemm), no bias", new long[] {3, 4, 2},
                        (Supplier<List<Layer>>) () -> List.of(new Conv2d(3, 1, 1, true, false))),
                Arguments.of("conv2d 2x2 patches, stride 2 (gemm)", new long[] {4, 6, 2},
                        (Supplier<List<Layer>>) () -> List.of(new Conv2d(3, 2, 2, false, true))),
                Arguments.of("conv2d stride 2 valid, no bias", new long[] {6, 5, 2},
                        (Supplier<List<Layer>>) () -> List.of(new Conv2d(3, 3, 2, false, false))),
                Arguments.of("conv2d stride 2 same", new long[] {5, 5, 2},
                        (Supplier<List<Layer>>) () -> List.of(new Conv2d(3, 3, 2, true, true))),
                Arguments.of("relu", new long[] {3, 3, 2}, (Supplier<List<Layer>>) () -> List.of(new Relu())),
                Arguments.of("gelu", new long[] {7}, (Supplier<List<Layer>>) () -> List.of(new Gelu())),
                Arguments.of("maxpool2d", new long[] {4, 6, 2}, (Supplier<List<Layer>>) () -> List.of(Pool2d.max(2, 2))),
                Arguments.of("maxpool2d 2x2, odd sizes (uncovered row and column)", new long[] {5, 7, 3},
                        (Supplier<List<Layer>>) () -> List.of(Pool2d.max(2, 2))),
                Arguments.of("maxpool2d 3x3 stride 3", new long[] {6, 7, 2}, (Supplier<List<Layer>>) () -> List.of(Pool2d.max(3, 3))),
                Arguments.of("maxpool2d 3x3 stride 2 (overlapping, libnd4j)", new long[] {5, 5, 2},
                        (Supplier<List<Layer>>) () -> List.of(Pool2d.max(3, 2))),
                Arguments.of("avgpool2d", new long[] {4, 6, 2}, (Supplier<List<Layer>>) () -> List.of(Pool2d.avg(2, 2))),
                Arguments.of("batchnorm nhwc", new long[] {3, 2, 4}, (Supplier<List<Layer>>) () -> List.of(new BatchNorm())),
                Arguments.of("batchnorm vector", new long[] {5}, (Supplier<List<Layer>>) () -> List.of(new BatchNorm())),
                Arguments.of("layernorm", new long[] {6}, (Supplier<List<Layer>>) () -> List.of(new LayerNorm())),
                Arguments.of("layernorm on tokens", new long[] {3, 5}, (Supplier<List<Layer>>) () -> List.of(new LayerNorm())),
                Arguments.of("flatten", new long[] {2, 3, 2}, (Supplier<List<Layer>>) () -> List.of(new Flatten())),
                Arguments.of("global-avg-pool", new long[] {3, 2, 4}, (Supplier<List<Layer>>) () -> List.of(new GlobalAvgPool())),
                Arguments.of("residual, identity shortcut", new long[] {4, 4, 3}, (Supplier<List<Layer>>) () -> List.of(
                        new Residual(List.of(new BatchNorm(), new Relu(), new Conv2d(3, 3, 1, true, false)), List.of()))),
                Arguments.of("residual, projection shortcut", new long[] {5, 5, 2}, (Supplier<List<Layer>>) () -> List.of(
                        new Residual(List.of(new BatchNorm(), new Relu(), new Conv2d(4, 3, 2, true, false), new BatchNorm(),
                                new Relu(), new Conv2d(4, 3, 1, true, false)), List.of(new Conv2d(4, 1, 2, true, false))))),
                Arguments.of("small cnn", new long[] {6, 6, 2}, (Supplier<List<Layer>>) () -> List.of(
                        Conv2d.same(3, 3), new BatchNorm(), new Relu(), Pool2d.max(2, 2), Conv2d.same(4, 3), new Relu(),
                        new Flatten(), new Dense(5), new Gelu(), new LayerNorm(), new Dense(3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void analyticGradientsMatchCentralDifferences(String name, long[] inputShape, Supplier<List<Layer>> layers) {
        // relative 1e-5, with an absolute floor of 1e-7: libnd4j's batchnorm_bp keeps epsilon and 1/N in float
        assertThat(GradientCheck.failures(inputShape, layers.get(), 25, 25, (analytic, numeric) ->
                Math.abs(analytic - numeric) <= TOLERANCE * Math.max(Math.abs(analytic), Math.abs(numeric)) + 1e-7))
                .as(name).isEmpty();
    }

    static Stream<Arguments> firstLayers() {
        return Stream.of(
                Arguments.of("conv2d same", new long[] {5, 4, 3},
                        (Supplier<List<Layer>>) () -> List.of(Conv2d.same(4, 3).shiftedBackward(false).patchGradient(true))),
                Arguments.of("conv2d 5x5 same, no bias", new long[] {6, 5, 2},
                        (Supplier<List<Layer>>) () -> List.of(new Conv2d(3, 5, 1, true, false).shiftedBackward(false).patchGradient(true))),
                Arguments.of("conv2d stride 2 same", new long[] {5, 5, 2},
                        (Supplier<List<Layer>>) () -> List.of(new Conv2d(3, 3, 2, true, true).patchGradient(true))),
                Arguments.of("conv2d stride 2 valid, no bias", new long[] {6, 5, 2},
                        (Supplier<List<Layer>>) () -> List.of(new Conv2d(3, 3, 2, false, false).patchGradient(true))),
                Arguments.of("conv2d 3x3 valid, one input channel", new long[] {5, 6, 1},
                        (Supplier<List<Layer>>) () -> List.of(new Conv2d(2, 3, 1, false, true).patchGradient(true))));
    }

    /** A first layer computes no input gradient: convolutions then take their weight gradient from the patch matrix. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("firstLayers")
    void firstLayerGradientsMatchCentralDifferences(String name, long[] inputShape, Supplier<List<Layer>> layers) {
        assertThat(GradientCheck.failures(inputShape, layers.get(), 40, 0, (analytic, numeric) ->
                Math.abs(analytic - numeric) <= TOLERANCE * Math.max(Math.abs(analytic), Math.abs(numeric)) + 1e-7))
                .as(name).isEmpty();
    }

    @Test
    void softmaxCrossEntropyGradientMatchesCentralDifferences() {
        Nd4j.getRandom().setSeed(5);
        int n = 4;
        int k = 3;
        SoftmaxCrossEntropy head = new SoftmaxCrossEntropy(k, n);
        INDArray z = Nd4j.rand(DataType.DOUBLE, n, k).subi(0.5).muli(6);
        float[] t = {0.2f, 0.8f, 0, 1, 0, 0, 0, 0, 1, 0.3f, 0.3f, 0.4f};
        INDArray g = Nd4j.create(DataType.DOUBLE, n, k);
        double loss = head.lossAndGradient(z, t, g);
        assertThat(loss).isPositive();
        INDArray scratch = Nd4j.create(DataType.DOUBLE, n, k);
        for (int i = 0; i < n * k; i++) {
            double orig = z.getDouble(i);
            z.putScalar(i, orig + H);
            double lp = head.lossAndGradient(z, t, scratch);
            z.putScalar(i, orig - H);
            double lm = head.lossAndGradient(z, t, scratch);
            z.putScalar(i, orig);
            assertThat(g.getDouble(i)).isCloseTo((lp - lm) / (2 * H), org.assertj.core.data.Offset.offset(1e-7));
        }
        float[] p = new float[n * k];
        head.probabilities(z, p);
        for (int i = 0; i < n; i++) {
            assertThat(p[i * k] + p[i * k + 1] + p[i * k + 2]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    @Test
    void normalisationLayersNormaliseTheRightDimension() {
        Nd4j.getRandom().setSeed(8);
        try (Sequential ln = Sequential.of(new long[] {3, 5}, List.of(new LayerNorm()), 1, 2, DataType.DOUBLE);
             Sequential bn = Sequential.of(new long[] {2, 3, 4}, List.of(new BatchNorm()), 1, 5, DataType.DOUBLE)) {
            INDArray y = ln.forward(Nd4j.rand(DataType.DOUBLE, 2, 3, 5).muli(7).addi(3), true);
            assertThat(y.mean(2).amaxNumber().doubleValue()).isLessThan(1e-9);
            assertThat(y.var(false, 2).sub(1).amaxNumber().doubleValue()).isLessThan(1e-3);
            INDArray z = bn.forward(Nd4j.rand(DataType.DOUBLE, 5, 2, 3, 4).muli(7).addi(3), true);
            assertThat(z.mean(0, 1, 2).amaxNumber().doubleValue()).isLessThan(1e-9);
            assertThat(z.var(false, 0, 1, 2).sub(1).amaxNumber().doubleValue()).isLessThan(1e-3);
        }
    }

    @Test
    void parameterViewsShareTheFlatVectors() {
        try (Sequential net = Sequential.of(new long[] {4}, List.of(new Dense(3), new Relu(), new Dense(2)), 1, 2, DataType.FLOAT)) {
            assertThat(net.parameters().valueViews().keySet()).containsExactly("0_dense.weight", "0_dense.bias", "2_dense.weight", "2_dense.bias");
            assertThat(net.parameterCount()).isEqualTo(4 * 3 + 3 + 3 * 2 + 2);
            net.parameters().valueViews().get("2_dense.weight").putScalar(new long[] {1, 1}, 42f);
            assertThat(net.parameters().values().getFloat(0, 4 * 3 + 3 + 3)).isEqualTo(42f);
            net.parameters().gradientViews().get("0_dense.bias").putScalar(2, 7f);
            assertThat(net.parameters().gradients().getFloat(0, 14)).isEqualTo(7f);
        }
    }
}
