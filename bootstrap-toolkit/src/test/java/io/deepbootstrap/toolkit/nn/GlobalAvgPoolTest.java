package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link GlobalAvgPool} in float32: the forward pass is the mean over the positions, the backward pass spreads each
 * output gradient divided by the position count over every position (its Java kernel, split over examples between
 * threads), the same at one and two threads and for batches smaller than the allocated one; the output gradient is
 * left unchanged.
 */
class GlobalAvgPoolTest {

    @Test
    void backwardSpreadsTheGradientEvenlyOverThePositions() {
        try (Sequential net = Sequential.of(new long[] {3, 5, 6}, List.of(new GlobalAvgPool()), 1, 40, DataType.FLOAT)) {
            net.setComputeInputGradient(true);
            Nd4j.getRandom().setSeed(3);
            for (int[] run : new int[][] {{40, 1}, {40, 2}, {17, 2}, {1, 2}}) {
                Nd4jRuntime.useThreads(run[1]);
                String what = "batch " + run[0] + ", threads " + run[1];
                INDArray x = Nd4j.rand(DataType.FLOAT, run[0], 3, 5, 6).subi(0.5);
                assertThat(net.forward(x, true).sub(x.mean(1, 2)).amaxNumber().doubleValue()).as(what + " forward")
                        .isLessThan(1e-6);
                INDArray g = Nd4j.rand(DataType.FLOAT, run[0], 6).subi(0.5);
                INDArray before = g.dup();
                INDArray gx = net.backward(g).dup();
                INDArray expected = Nd4j.create(DataType.FLOAT, run[0], 3, 5, 6);
                for (int e = 0; e < run[0]; e++) {
                    for (int c = 0; c < 6; c++) {
                        float v = before.getFloat(e, c) * (1f / 15);
                        for (int p = 0; p < 15; p++) {
                            expected.putScalar(new long[] {e, p / 5, p % 5, c}, v);
                        }
                    }
                }
                assertThat(gx).as(what + " input gradient").isEqualTo(expected);
                assertThat(g).as(what + " output gradient unchanged").isEqualTo(before);
            }
        } finally {
            Nd4jRuntime.useThreads(1);
        }
    }
}
