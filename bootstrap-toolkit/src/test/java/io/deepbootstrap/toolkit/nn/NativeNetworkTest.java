package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NativeNetworkTest {

    private static Batch batch(int n, long seed) {
        Batch b = new Batch(InputShape.vector(6), 4, n);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < b.features().length; i++) {
            b.features()[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < n; i++) {
            b.labels()[i] = r.nextInt(4);
        }
        b.setOneHotTargets();
        return b;
    }

    private static NativeNetwork network(int threads) {
        return new NativeNetwork(Sequential.of(new long[] {6}, List.of(new Dense(8), new Relu(), new Dense(4)), 5, 32,
                DataType.FLOAT), 4, threads);
    }

    @Test
    void computeGradientsFillsTheGradientVectorAndLeavesTheParameters() {
        try (NativeNetwork net = network(1)) {
            INDArray before = net.parameters().values().dup();
            net.parameters().gradients().assign(Float.NaN);
            double loss = net.computeGradients(batch(32, 1));
            assertThat(loss).isBetween(0.5, 3.0);
            assertThat(net.parameters().values()).isEqualTo(before);
            assertThat(net.parameters().gradients().isNaN().any()).isFalse();
            assertThat(net.parameters().gradients().norm2Number().doubleValue()).isPositive();
            assertThat(net.buffers()).isEmpty();
        }
    }

    @Test
    void lastBatchCorrectCountsTheTrainingForwardPassesArgMax() {
        try (NativeNetwork net = network(1)) {
            assertThat(net.lastBatchCorrect()).isEqualTo(-1);
            for (long seed = 1; seed <= 5; seed++) {
                Batch b = batch(32, seed);
                b.setSize(20 + (int) seed);
                float[] p = new float[b.size() * 4];
                net.predict(b, p); // no batch norm: the same outputs as the training forward pass
                int expected = 0;
                for (int i = 0; i < b.size(); i++) {
                    int arg = 0;
                    for (int j = 1; j < 4; j++) {
                        arg = p[i * 4 + j] > p[i * 4 + arg] ? j : arg;
                    }
                    expected += arg == b.labels()[i] ? 1 : 0;
                }
                net.computeGradients(b);
                assertThat(net.lastBatchCorrect()).as("seed %d", seed).isEqualTo(expected);
                net.parameters().values().subi(net.parameters().gradients().mul(0.5)); // move on
            }
        }
    }

    @Test
    void runsWithTheContextsThreadCount() {
        try (NativeNetwork one = network(1); NativeNetwork two = network(2)) {
            two.computeGradients(batch(8, 1));
            assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(2);
            one.predict(batch(8, 1), new float[8 * 4]);
            assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(1);
        }
    }
}
