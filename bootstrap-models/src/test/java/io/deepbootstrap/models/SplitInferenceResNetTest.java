package io.deepbootstrap.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.models.arch.ResNet;
import io.deepbootstrap.toolkit.nn.NativeNetwork;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ResNet-18 width 16 at its real shapes (32x32x3, batch 128): predictions run in two batch halves
 * ({@code Sequential.splitInference}) and give every example the same probabilities, bit for bit, at one and two
 * threads (full and odd batches); width 64 is not split.
 */
class SplitInferenceResNetTest {
    private static final InputShape CIFAR = new InputShape(32, 32, 3);

    private static Network resnet18(int width, int threads) {
        return new ResNet.Factory().create(ImageArchitecturesTest.config("resnet", "width = " + width + ", depth = 18"),
                new TestContext(CIFAR, 10, 3, 128, threads));
    }

    private static float[] predict(Network net, Batch batch) {
        float[] p = new float[batch.size() * 10];
        net.predict(batch, p);
        return p;
    }

    @Test
    void width16PredictsTheSameBitsAtOneAndTwoThreads() {
        try (Network one = resnet18(16, 1); Network two = resnet18(16, 2)) {
            assertThat(((NativeNetwork) two).sequential().splitsInference()).isTrue();
            SplittableRandom random = new SplittableRandom(11);
            for (Map<String, INDArray> buffers : java.util.List.of(one.buffers(), two.buffers())) {
                SplittableRandom r = new SplittableRandom(5);
                for (Map.Entry<String, INDArray> e : buffers.entrySet()) {
                    INDArray s = e.getValue();
                    for (long i = 0; i < s.length(); i++) {
                        s.putScalar(i, e.getKey().endsWith("var") ? 0.2 + r.nextDouble() : r.nextDouble() - 0.5);
                    }
                }
            }
            Batch batch = new Batch(CIFAR, 10, 128);
            for (int n : new int[] {128, 77}) {
                batch.setSize(n);
                float[] f = batch.features();
                for (int i = 0; i < n * CIFAR.size(); i++) {
                    f[i] = (float) (random.nextDouble() * 2 - 1);
                }
                float[] expected = predict(one, batch);
                // not isEqualTo: on a failure AssertJ prints both arrays (1,280 floats each)
                assertThat(Arrays.equals(predict(two, batch), expected)).as("batch %d: same bits", n).isTrue();
                assertThat(Arrays.equals(predict(two, batch), expected)).as("batch %d, again", n).isTrue();
            }
        }
    }

    @Test
    void width64IsNotSplit() {
        try (Network net = resnet18(64, 2)) {
            assertThat(((NativeNetwork) net).sequential().splitsInference()).isFalse();
        }
    }
}
