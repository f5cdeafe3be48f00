package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The Java max pooling of {@link Pool2d} (non-overlapping windows) against libnd4j's {@code maxpool2d} / {@code _bp}. */
class MaxPoolKernelTest {

    @ParameterizedTest(name = "{0}x{1}x{2}, window {3}, batch {4} of {5}")
    @CsvSource({"16, 16, 8, 2, 6, 6", "17, 15, 5, 2, 4, 6", "12, 12, 3, 3, 5, 5"})
    void matchesLibnd4jOnFloats(int h, int w, int c, int k, int n, int maxBatch) {
        Nd4j.getRandom().setSeed(5);
        try (Sequential net = Sequential.of(new long[] {h, w, c}, List.of(Pool2d.max(k, k)), 1, maxBatch, DataType.FLOAT)) {
            net.setComputeInputGradient(true);
            INDArray x = Nd4j.rand(DataType.FLOAT, n, h, w, c).subi(0.5);
            INDArray y = net.forward(x, true).dup();
            INDArray g = Nd4j.rand(DataType.FLOAT, y.shape()).subi(0.5);
            INDArray gx = net.backward(g.dup()).dup();

            int[] args = {k, k, k, k, 0, 0, 1, 1, 0, 0, 1};
            INDArray yRef = Nd4j.create(DataType.FLOAT, y.shape());
            Ops.exec("maxpool2d", new INDArray[] {x}, new INDArray[] {yRef}, args);
            INDArray gxRef = Nd4j.create(DataType.FLOAT, x.shape());
            Ops.exec("maxpool2d_bp", new INDArray[] {x, g}, new INDArray[] {gxRef}, args);

            assertThat(y.equalsWithEps(yRef, 0)).as("output").isTrue();
            assertThat(gx.equalsWithEps(gxRef, 0)).as("input gradient").isTrue();
            assertThat(gx.amaxNumber().doubleValue()).as("input gradient is not all zeros").isPositive();
        }
    }
}
