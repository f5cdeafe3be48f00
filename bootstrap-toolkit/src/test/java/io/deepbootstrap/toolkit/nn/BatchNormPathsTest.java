package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch norm's training passes on oneDNN ({@link DnnlBatchNorm}, the default float32 path on the CPU backend) against
 * the toolkit's own passes (BLAS column sums and libnd4j broadcasts): output, running statistics, input, gamma and
 * beta gradients, for NHWC and vector inputs, batches smaller than the allocated one, one and two OpenMP threads
 * (primitives per thread count), and repeatable for the same thread count.
 */
class BatchNormPathsTest {

    private static INDArray rand(long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape).subi(0.5).muli(4).addi(1);
    }

    @Test
    void oneDnnTrainingPassesMatchTheToolkitsOwn() {
        assertThat(DnnlBatchNorm.usable(DataType.FLOAT)).as("oneDNN loads on the CPU backend").isTrue();
        try {
            for (long[] shape : new long[][] {{8, 8, 16}, {3, 5, 6}, {7}}) {
                BatchNorm direct = new BatchNorm();
                BatchNorm own = new BatchNorm().directOneDnn(false);
                try (Sequential a = Sequential.of(shape, List.of(direct), 1, 6, DataType.FLOAT);
                        Sequential b = Sequential.of(shape, List.of(own), 1, 6, DataType.FLOAT)) {
                    a.setComputeInputGradient(true);
                    b.setComputeInputGradient(true);
                    Nd4j.getRandom().setSeed(5);
                    long c = shape[shape.length - 1];
                    for (String p : new String[] {"gamma", "beta"}) {
                        INDArray v = rand(c);
                        a.parameters().valueViews().get("0_batchnorm." + p).assign(v);
                        b.parameters().valueViews().get("0_batchnorm." + p).assign(v);
                    }
                    int[][] runs = {{6, 1}, {4, 2}, {6, 2}, {4, 1}};
                    for (int[] run : runs) {
                        Nd4jRuntime.useOmpThreadsHere(run[1]);
                        System.gc(); // the layer's native buffers must stay referenced
                        INDArray x = rand(Ops.batchShape(run[0], shape));
                        INDArray g = rand(Ops.batchShape(run[0], shape));
                        INDArray y = a.forward(x, true).dup();
                        INDArray gx = a.backward(g.dup()).dup();
                        String what = java.util.Arrays.toString(shape) + " batch " + run[0] + ", threads " + run[1];
                        assertClose(what + " output", y, b.forward(x, true));
                        assertClose(what + " input gradient", gx, b.backward(g.dup()));
                        assertAllClose(what, a.parameters().gradientViews(), b.parameters().gradientViews());
                        assertAllClose(what, a.state(), b.state());
                        // the same pass again (the running statistics move on, the outputs and gradients do not)
                        assertThat(a.forward(x, true)).as(what + " repeatable output").isEqualTo(y);
                        assertThat(a.backward(g.dup())).as(what + " repeatable input gradient").isEqualTo(gx);
                        b.forward(x, true);
                        b.backward(g.dup());
                    }
                }
            }
        } finally {
            Nd4jRuntime.useOmpThreadsHere(Nd4jRuntime.threads());
        }
    }

    @Test
    void aTrainingPassMovesTheRunningStatisticsByMomentumTowardsTheBatchStatistics() {
        for (boolean direct : new boolean[] {true, false}) {
            try (Sequential net = Sequential.of(new long[] {4, 4, 5}, List.of(new BatchNorm().directOneDnn(direct)), 1, 6,
                    DataType.FLOAT)) {
                Nd4j.getRandom().setSeed(6);
                INDArray x = rand(6, 4, 4, 5);
                net.forward(x, true);
                INDArray rows = x.reshape(6 * 16, 5);
                INDArray mean = rows.mean(0);
                INDArray var = rows.var(false, 0);
                assertClose("running mean, oneDNN " + direct, net.state().get("0_batchnorm.running-mean"), mean.mul(0.1));
                assertClose("running variance, oneDNN " + direct, net.state().get("0_batchnorm.running-var"),
                        var.mul(0.1).addi(0.9));
            }
        }
    }

    private static void assertAllClose(String what, Map<String, INDArray> actual, Map<String, INDArray> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet()).isNotEmpty();
        actual.forEach((k, v) -> assertClose(what + " " + k, v, expected.get(k)));
    }

    private static void assertClose(String what, INDArray actual, INDArray expected) {
        double scale = expected.amaxNumber().doubleValue();
        assertThat(scale).as(what + " is not all zeros").isPositive();
        assertThat(actual.sub(expected).amaxNumber().doubleValue()).as(what).isLessThan(1e-5 * Math.max(1, scale) * 10);
    }
}
