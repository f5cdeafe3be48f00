package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * Numerical gradient checks in float64 for the composite layers (residual block, attention, transformer block,
 * patch embedding, token layers) and small networks made of them, in the manner of {@link GradientCheckTest}:
 * loss {@code sum(output * R)} for a fixed random R; every parameter tensor and the input are probed with
 * central differences.
 */
class CompositeGradientCheckTest {
    private static final double H = 1e-6;
    private static final double TOLERANCE = 1e-5;

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("preact block, identity shortcut", new long[] {4, 4, 3},
                        (Supplier<List<Layer>>) () -> List.of(PreActBlock.of(3, 1))),
                Arguments.of("preact block, projection stride 2", new long[] {5, 5, 2},
                        (Supplier<List<Layer>>) () -> List.of(PreActBlock.of(3, 2))),
                Arguments.of("preact block, projection stride 1", new long[] {3, 4, 2},
                        (Supplier<List<Layer>>) () -> List.of(PreActBlock.of(4, 1))),
                Arguments.of("attention", new long[] {5, 6},
                        (Supplier<List<Layer>>) () -> List.of(new MultiHeadSelfAttention(2))),
                Arguments.of("attention, one head", new long[] {3, 4},
                        (Supplier<List<Layer>>) () -> List.of(new MultiHeadSelfAttention(1))),
                Arguments.of("transformer block", new long[] {4, 6},
                        (Supplier<List<Layer>>) () -> List.of(new TransformerBlock(3, 8))),
                Arguments.of("patch embedding", new long[] {4, 6, 2},
                        (Supplier<List<Layer>>) () -> List.of(new PatchEmbedding(2, 3))),
                Arguments.of("tokenwise layernorm", new long[] {3, 5},
                        (Supplier<List<Layer>>) () -> List.of(new TokenWise(new LayerNorm()))),
                Arguments.of("token mean pool", new long[] {3, 4},
                        (Supplier<List<Layer>>) () -> List.of(new TokenMeanPool())),
                Arguments.of("small resnet", new long[] {6, 6, 2}, (Supplier<List<Layer>>) () -> List.of(
                        new Conv2d(3, 3, 1, true, false), PreActBlock.of(3, 1), PreActBlock.of(4, 2),
                        new BatchNorm(), new Relu(), new GlobalAvgPool(), new Dense(3))),
                Arguments.of("small vit", new long[] {4, 4, 2}, (Supplier<List<Layer>>) () -> List.of(
                        new PatchEmbedding(2, 4), new TransformerBlock(2, 6),
                        new TokenWise(new LayerNorm()), new TokenMeanPool(), new Dense(3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void analyticGradientsMatchCentralDifferences(String name, long[] inputShape, Supplier<List<Layer>> layers) {
        // networks: fewer probes per tensor (every tensor is still probed)
        assertThat(GradientCheck.failures(inputShape, layers.get(), name.startsWith("small") ? 6 : 25, 40, (analytic, numeric) ->
                Math.abs(analytic - numeric) <= TOLERANCE * Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), 1e-3)))
                .as(name).isEmpty();
    }

    @Test
    void attentionMatchesAPlainLoopImplementation() {
        int n = 2;
        int t = 3;
        int d = 4;
        int heads = 2;
        int hd = d / heads;
        Nd4j.getRandom().setSeed(4);
        try (Sequential net = Sequential.of(new long[] {t, d}, List.of(new MultiHeadSelfAttention(heads)), 5, n, DataType.DOUBLE)) {
            for (INDArray p : net.parameters().valueViews().values()) {
                p.addi(Nd4j.rand(DataType.DOUBLE, p.shape()).subi(0.5));
            }
            assertThat(net.parameters().valueViews().keySet()).containsExactly("0_attention.qkv.weight", "0_attention.qkv.bias",
                    "0_attention.out.weight", "0_attention.out.bias");
            INDArray wqkv = net.parameters().valueViews().get("0_attention.qkv.weight");
            INDArray bqkv = net.parameters().valueViews().get("0_attention.qkv.bias");
            INDArray wo = net.parameters().valueViews().get("0_attention.out.weight");
            INDArray bo = net.parameters().valueViews().get("0_attention.out.bias");
            INDArray x = Nd4j.rand(DataType.DOUBLE, n, t, d).subi(0.5).muli(2);
            INDArray y = net.forward(x, false).dup();
            for (int b = 0; b < n; b++) {
                double[][] qkv = new double[t][3 * d];
                for (int i = 0; i < t; i++) {
                    for (int j = 0; j < 3 * d; j++) {
                        double s = bqkv.getDouble(j);
                        for (int c = 0; c < d; c++) {
                            s += x.getDouble(b, i, c) * wqkv.getDouble(c, j);
                        }
                        qkv[i][j] = s;
                    }
                }
                double[][] concat = new double[t][d];
                for (int h = 0; h < heads; h++) {
                    for (int i = 0; i < t; i++) {
                        double[] sc = new double[t];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j < t; j++) {
                            for (int c = 0; c < hd; c++) {
                                sc[j] += qkv[i][h * hd + c] * qkv[j][d + h * hd + c];
                            }
                            sc[j] /= Math.sqrt(hd);
                            max = Math.max(max, sc[j]);
                        }
                        double sum = 0;
                        for (int j = 0; j < t; j++) {
                            sc[j] = Math.exp(sc[j] - max);
                            sum += sc[j];
                        }
                        for (int c = 0; c < hd; c++) {
                            double o = 0;
                            for (int j = 0; j < t; j++) {
                                o += sc[j] / sum * qkv[j][2 * d + h * hd + c];
                            }
                            concat[i][h * hd + c] = o;
                        }
                    }
                }
                for (int i = 0; i < t; i++) {
                    for (int j = 0; j < d; j++) {
                        double s = bo.getDouble(j);
                        for (int c = 0; c < d; c++) {
                            s += concat[i][c] * wo.getDouble(c, j);
                        }
                        assertThat(y.getDouble(b, i, j)).as("y[%d,%d,%d]", b, i, j)
                                .isCloseTo(s, org.assertj.core.data.Offset.offset(1e-12));
                    }
                }
            }
        }
    }

    @Test
    void compositeParameterAndStateNamesCarryTheChildNames() {
        try (Sequential net = Sequential.of(new long[] {4, 4, 2}, List.of(PreActBlock.of(3, 2)), 1, 2, DataType.FLOAT)) {
            assertThat(net.parameters().valueViews().keySet()).containsExactly(
                    "0_preact-block.bn1.gamma", "0_preact-block.bn1.beta", "0_preact-block.conv1.weight",
                    "0_preact-block.bn2.gamma", "0_preact-block.bn2.beta", "0_preact-block.conv2.weight",
                    "0_preact-block.shortcut.weight");
            assertThat(net.state().keySet()).containsExactly(
                    "0_preact-block.bn1.running-mean", "0_preact-block.bn1.running-var",
                    "0_preact-block.bn2.running-mean", "0_preact-block.bn2.running-var");
            assertThat(net.outputShape()).containsExactly(2, 2, 3);
        }
        try (Sequential net = Sequential.of(new long[] {8, 4, 3}, List.of(new PatchEmbedding(4, 5), new TransformerBlock(1, 7)),
                1, 2, DataType.FLOAT)) {
            assertThat(net.parameters().valueViews().keySet()).containsExactly(
                    "0_patch-embedding.position", "0_patch-embedding.proj.weight", "0_patch-embedding.proj.bias",
                    "1_transformer-block.ln1.gain", "1_transformer-block.ln1.bias",
                    "1_transformer-block.attention.qkv.weight", "1_transformer-block.attention.qkv.bias",
                    "1_transformer-block.attention.out.weight", "1_transformer-block.attention.out.bias",
                    "1_transformer-block.ln2.gain", "1_transformer-block.ln2.bias",
                    "1_transformer-block.fc1.weight", "1_transformer-block.fc1.bias",
                    "1_transformer-block.fc2.weight", "1_transformer-block.fc2.bias");
            assertThat(net.outputShape()).containsExactly(2, 5);
        }
    }

    @Test
    void batchNormInsideABlockUsesRunningStatisticsForInference() {
        Nd4j.getRandom().setSeed(5);
        try (Sequential net = Sequential.of(new long[] {3, 3, 2}, List.of(PreActBlock.of(2, 1)), 1, 4, DataType.DOUBLE)) {
            INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3, 3, 2).muli(3).addi(2);
            INDArray inference1 = net.forward(x.dup(), false).dup();
            INDArray train = net.forward(x.dup(), true).dup();
            INDArray inference2 = net.forward(x.dup(), false).dup();
            assertThat(train).isNotEqualTo(inference1);
            // one training pass moved the running statistics, so inference changes, deterministically
            assertThat(inference2).isNotEqualTo(inference1);
            assertThat(net.forward(x.dup(), false)).isEqualTo(inference2);
            INDArray mean = net.state().get("0_preact-block.bn1.running-mean");
            INDArray expected = x.mean(0, 1, 2).muli(0.1);
            assertThat(mean.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-12);
        }
    }

    @Test
    void invalidShapesAreRejectedWithReasons() {
        assertThatThrownBy(() -> Sequential.of(new long[] {28, 28, 1}, List.of(new PatchEmbedding(8, 4)), 1, 1, DataType.FLOAT))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("patch size 8 does not divide the image size 28x28");
        assertThatThrownBy(() -> Sequential.of(new long[] {4, 6}, List.of(new MultiHeadSelfAttention(4)), 1, 1, DataType.FLOAT))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("attention: 4 heads do not divide the width 6");
        assertThatThrownBy(() -> Sequential.of(new long[] {6}, List.of(PreActBlock.of(2, 1)), 1, 1, DataType.FLOAT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("preact-block needs image (h, w, c) inputs");
    }
}
