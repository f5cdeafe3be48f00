package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The one-pass inference paths against the operations they replace: batch norm (with and without the ReLU after it)
 * against libnd4j's {@code batchnorm} op on the running statistics, a dense layer's bias and addend written before
 * the gemm against gemm + row-vector add, global average pooling against libnd4j's mean, and a fused chain against
 * its layers run one by one. Float and double, batches smaller than the allocated one.
 */
class InferencePathsTest {

    private static INDArray rand(DataType t, long... shape) {
        return Nd4j.rand(t, shape).subi(0.5).muli(4);
    }

    @Test
    void batchNormInferenceWithAndWithoutReluMatchesLibnd4jBatchnorm() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (long[] shape : new long[][] {{3, 5, 16}, {2, 2, 3}, {7}}) {
                try (Sequential net = Sequential.of(shape, List.of(new BatchNorm(), new Relu()), 1, 6, t)) {
                    Nd4j.getRandom().setSeed(3);
                    BatchNorm bn = (BatchNorm) net.layers().get(0);
                    long c = shape[shape.length - 1];
                    INDArray mean = bn.state().get("running-mean").assign(rand(t, c));
                    INDArray var = bn.state().get("running-var").assign(Nd4j.rand(t, c).addi(0.1));
                    INDArray gamma = net.parameters().valueViews().get("0_batchnorm.gamma").assign(rand(t, c));
                    INDArray beta = net.parameters().valueViews().get("0_batchnorm.beta").assign(rand(t, c));
                    INDArray x = rand(t, Ops.batchShape(4, shape));
                    INDArray expected = x.ulike();
                    Ops.exec("batchnorm", new INDArray[] {x, mean, var, gamma.dup(), beta.dup()}, new INDArray[] {expected},
                            new int[] {1, 1, shape.length}, 1e-5);
                    double eps = t == DataType.FLOAT ? 1e-5 : 1e-12;
                    assertThat(bn.forward(x, false).equalsWithEps(expected, eps)).as("%s %s", t, shape.length).isTrue();
                    assertThat(bn.inference(x, true).equalsWithEps(Transforms.relu(expected, true), eps)).isTrue();
                    // the network fuses the pair: same values as the two layers one after the other
                    INDArray separate = net.layers().get(1).forward(bn.forward(x, false), false).dup();
                    assertThat(net.forward(x, false)).isEqualTo(separate);
                }
            }
        }
    }

    @Test
    void batchNormAndReluAfterALayerRunInPlaceOverItsOutputWithTheSameValues() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            try (Sequential net = Sequential.of(new long[] {4, 4, 3}, List.of(new Conv2d(5, 3, 1, true, false), new BatchNorm(),
                    new Relu(), new Flatten(), new Dense(6), new BatchNorm(), new Relu()), 7, 3, t)) {
                Nd4j.getRandom().setSeed(11);
                for (String k : net.state().keySet()) {
                    net.state().get(k).assign(k.endsWith("var") ? Nd4j.rand(t, net.state().get(k).shape()).addi(0.2)
                            : rand(t, net.state().get(k).shape()));
                }
                INDArray x = rand(t, 2, 4, 4, 3);
                INDArray before = x.dup();
                INDArray separate = x;
                for (Layer l : net.layers()) {
                    separate = l.forward(separate, false);
                }
                separate = separate.dup();
                assertThat(net.forward(x, false)).as("%s", t).isEqualTo(separate);
                assertThat(x).isEqualTo(before);
            }
        }
    }

    @Test
    void denseWritesBiasAndAddendBeforeTheProductAndMatchesGemmPlusRowVector() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int units : new int[] {3, 10, 130}) {
                try (Sequential net = Sequential.of(new long[] {4, 9}, List.of(new Dense(units)), 2, 5, t)) {
                    Nd4j.getRandom().setSeed(units);
                    Dense d = (Dense) net.layers().get(0);
                    INDArray w = net.parameters().valueViews().get("0_dense.weight");
                    INDArray b = net.parameters().valueViews().get("0_dense.bias").assign(rand(t, units));
                    INDArray x = rand(t, 3, 4, 9);
                    INDArray expected = x.reshape(12, 9).mmul(w).addRowVector(b).reshape(3, 4, units);
                    double eps = t == DataType.FLOAT ? 1e-5 : 1e-12;
                    assertThat(d.forward(x, false).equalsWithEps(expected, eps)).as("%s %d", t, units).isTrue();
                    INDArray addend = rand(t, 3, 4, units);
                    assertThat(d.forwardAdding(x, addend).equalsWithEps(expected.add(addend), eps)).isTrue();
                }
            }
        }
    }

    @Test
    void globalAvgPoolMatchesLibnd4jMean() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            try (Sequential net = Sequential.of(new long[] {3, 5, 6}, List.of(new GlobalAvgPool()), 1, 4, t)) {
                Nd4j.getRandom().setSeed(8);
                INDArray x = rand(t, 3, 3, 5, 6);
                INDArray y = net.forward(x, false);
                assertThat(y.shape()).containsExactly(3, 6);
                assertThat(y.equalsWithEps(x.mean(1, 2), t == DataType.FLOAT ? 1e-6 : 1e-14)).as("%s", t).isTrue();
            }
        }
    }
}
