package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The faster convolution implementations of {@link Conv2d} (gemm for 1x1 and patch kernels, the shifted backward
 * pass for stride 1, libnd4j's ops on slices of the batch) against one whole-batch call of libnd4j's {@code conv2d} / {@code conv2d_bp} on the same float32 data, at sizes where
 * oneDNN's kernels are the ones that run (the float64 gradient checks cover the mathematics on small inputs).
 */
class ConvolutionPathsTest {

    @ParameterizedTest(name = "{0}x{0}x{1} -> {2}, kernel {3}, stride {4}, same {5}, bias {6}, shifted {7}, images per call {8}")
    @CsvSource({
        "16, 8, 16, 3, 1, true, false, true, 0",
        "16, 3, 8, 3, 1, true, true, true, 0",
        "12, 6, 10, 5, 1, true, true, true, 0",
        "16, 8, 12, 1, 2, true, false, false, 0",
        "15, 8, 12, 1, 2, true, false, false, 0",
        "16, 8, 12, 1, 1, true, true, false, 0",
        "16, 3, 12, 4, 4, false, true, false, 0",
        "16, 8, 16, 3, 1, true, true, false, 3",
        "16, 8, 16, 3, 2, true, false, false, 3",
        "15, 6, 8, 3, 2, false, true, false, 1"})
    void gradientsMatchLibnd4j(int size, int in, int out, int kernel, int stride, boolean same, boolean bias,
            boolean shifted, int images) {
        int n = 8;
        Nd4j.getRandom().setSeed(42);
        Conv2d layer = new Conv2d(out, kernel, stride, same, bias).directOneDnn(false);
        if (stride == 1 && same) {
            layer.shiftedBackward(shifted);
        }
        if (images > 0) {
            layer.chunkImages(images); // slices of `images` images (the last one smaller) against one whole-batch call
        }
        try (Sequential net = Sequential.of(new long[] {size, size, in}, List.of(layer), 7, n, DataType.FLOAT)) {
            net.setComputeInputGradient(true);
            INDArray x = Nd4j.rand(DataType.FLOAT, n, size, size, in).subi(0.5);
            INDArray y = net.forward(x, true).dup();
            INDArray g = Nd4j.rand(DataType.FLOAT, y.shape()).subi(0.5);
            INDArray gx = net.backward(g.dup()).dup();
            assertMatchesLibnd4j(net, x, g, y, gx, kernel, stride, same, bias);
        }
    }

    /** A first layer (no input gradient) takes its weight gradient from the patch matrix: same as conv2d_bp's. */
    @ParameterizedTest(name = "{0}x{0}x{1} -> {2}, kernel {3}, stride {4}, same {5}, bias {6}")
    @CsvSource({
        "28, 1, 32, 3, 1, true, true",
        "32, 3, 16, 3, 1, true, false",
        "17, 3, 8, 3, 2, true, true",
        "16, 2, 8, 5, 1, true, true",
        "15, 4, 8, 3, 2, false, false"})
    void firstLayerWeightGradientMatchesLibnd4j(int size, int in, int out, int kernel, int stride, boolean same, boolean bias) {
        int n = 8;
        Nd4j.getRandom().setSeed(43);
        Conv2d layer = new Conv2d(out, kernel, stride, same, bias).patchGradient(true).directOneDnn(false);
        if (stride == 1 && same) {
            layer.shiftedBackward(false);
        }
        try (Sequential net = Sequential.of(new long[] {size, size, in}, List.of(layer), 7, n, DataType.FLOAT)) {
            net.setComputeInputGradient(false);
            INDArray x = Nd4j.rand(DataType.FLOAT, n, size, size, in).subi(0.5);
            INDArray y = net.forward(x, true);
            INDArray g = Nd4j.rand(DataType.FLOAT, y.shape()).subi(0.5);
            assertThat(net.backward(g.dup())).isNull();
            assertMatchesLibnd4j(net, x, g, null, null, kernel, stride, same, bias);
        }
    }

    /**
     * oneDNN called directly ({@link DnnlConv}, the default float32 path on the CPU backend) against libnd4j's
     * whole-batch {@code conv2d} / {@code conv2d_bp}: output, input, weight and bias gradients; a first layer (no input
     * gradient); two batch sizes on one layer (primitives per batch size) and one and two OpenMP threads; the input a
     * view at an offset.
     */
    @ParameterizedTest(name = "{0}x{0}x{1} -> {2}, kernel {3}, stride {4}, same {5}, bias {6}, input gradient {7}")
    @CsvSource({
        "16, 8, 16, 3, 1, true, false, true",
        "32, 3, 16, 3, 1, true, true, false",
        "17, 6, 8, 3, 2, true, true, true",
        "16, 16, 32, 3, 2, true, false, true",
        "15, 6, 8, 3, 2, false, true, true",
        "12, 4, 8, 5, 1, true, false, true",
        "16, 8, 12, 1, 2, true, false, true",
        "16, 8, 12, 1, 1, true, true, true",
        "9, 8, 12, 3, 1, false, false, false"})
    void directOneDnnMatchesLibnd4j(int size, int in, int out, int kernel, int stride, boolean same, boolean bias,
            boolean inputGradient) {
        Nd4j.getRandom().setSeed(44);
        Conv2d layer = new Conv2d(out, kernel, stride, same, bias);
        try (Sequential net = Sequential.of(new long[] {size, size, in}, List.of(layer), 7, 8, DataType.FLOAT)) {
            assertThat(DnnlConv.usable(DataType.FLOAT)).as("oneDNN loads on the CPU backend").isTrue();
            net.setComputeInputGradient(inputGradient);
            // primitives created for one OpenMP thread must not run with two (oneDNN sizes scratchpads by thread count)
            int[][] runs = {{8, 1}, {5, 2}, {8, 2}, {8, 1}};
            for (int[] run : runs) {
                int n = run[0];
                io.deepbootstrap.toolkit.internal.Nd4jRuntime.useOmpThreadsHere(run[1]);
                System.gc(); // the layer's native buffers must stay referenced (JavaCPP frees unreachable ones)
                // the input is a view at an offset into a larger array (as a batch cut from a data set is)
                INDArray x = Nd4j.rand(DataType.FLOAT, n + 3, size, size, in).subi(0.5)
                        .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, n + 3));
                INDArray y = net.forward(x, true).dup();
                INDArray g = Nd4j.rand(DataType.FLOAT, y.shape()).subi(0.5);
                INDArray gx = net.backward(g.dup());
                assertThat(gx == null).as("input gradient skipped").isEqualTo(!inputGradient);
                assertMatchesLibnd4j(net, x, g, y, gx, kernel, stride, same, bias);
            }
        } finally {
            io.deepbootstrap.toolkit.internal.Nd4jRuntime.useOmpThreadsHere(io.deepbootstrap.toolkit.internal.Nd4jRuntime.threads());
        }
    }

    /**
     * Compares the one-layer network's weight (and bias) gradient, and its output {@code y} and input gradient
     * {@code gx} where given (not null), with one whole-batch call of libnd4j's {@code conv2d} / {@code conv2d_bp} on
     * input {@code x} and output gradient {@code g}.
     */
    private static void assertMatchesLibnd4j(Sequential net, INDArray x, INDArray g, INDArray y, INDArray gx, int kernel,
            int stride, boolean same, boolean bias) {
        INDArray w = net.parameters().valueViews().get("0_conv2d.weight");
        INDArray gw = net.parameters().gradientViews().get("0_conv2d.weight").dup();
        int[] args = {kernel, kernel, stride, stride, 0, 0, 1, 1, same ? 1 : 0, 1, 0};
        INDArray b = bias ? net.parameters().valueViews().get("0_conv2d.bias") : null;
        INDArray gxRef = Nd4j.create(DataType.FLOAT, x.shape());
        INDArray gwRef = Nd4j.create(DataType.FLOAT, w.shape());
        INDArray gbRef = bias ? Nd4j.create(DataType.FLOAT, b.shape()) : null;
        Ops.exec("conv2d_bp", bias ? new INDArray[] {x, w, b, g} : new INDArray[] {x, w, g},
                bias ? new INDArray[] {gxRef, gwRef, gbRef} : new INDArray[] {gxRef, gwRef}, args);
        if (y != null) {
            INDArray yRef = Nd4j.create(DataType.FLOAT, y.shape());
            Ops.exec("conv2d", bias ? new INDArray[] {x, w, b} : new INDArray[] {x, w}, new INDArray[] {yRef}, args);
            assertClose("output", y, yRef);
        }
        if (gx != null) {
            assertClose("input gradient", gx, gxRef);
        }
        assertClose("weight gradient", gw, gwRef);
        if (bias) {
            assertClose("bias gradient", net.parameters().gradientViews().get("0_conv2d.bias"), gbRef);
        }
    }

    private static void assertClose(String what, INDArray actual, INDArray expected) {
        double scale = expected.amaxNumber().doubleValue();
        assertThat(scale).as(what + " is not all zeros").isPositive();
        assertThat(actual.sub(expected).amaxNumber().doubleValue()).as(what).isLessThan(1e-5 * Math.max(1, scale) * 10);
    }
}
