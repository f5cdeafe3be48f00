package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java kernels and per-matrix BLAS loops that {@link Parallel} splits between threads give bitwise the same
 * results with one and with two threads (float layer norm, GELU and attention: output, input gradient and parameter
 * gradients), and {@link Parallel#run} covers every item exactly once.
 */
class ParallelKernelsTest {

    @AfterEach
    void oneThread() {
        Nd4jRuntime.setThreads(1);
    }

    @Test
    void everyItemIsRunExactlyOnceWhateverTheSplit() {
        Nd4jRuntime.setThreads(2);
        for (int count : new int[] {0, 1, 7, 8, 9, 1000}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(count, 1));
            Parallel.run(count, 2, (from, to, part) -> {
                for (int i = from; i < to; i++) {
                    seen.incrementAndGet(i);
                }
            });
            for (int i = 0; i < count; i++) {
                assertThat(seen.get(i)).as("item %d of %d", i, count).isEqualTo(1);
            }
        }
    }

    @Test
    void layerNormAndGeluAreBitwiseTheSameWithOneAndTwoThreads() {
        assertSameWithOneAndTwoThreads(new long[] {64, 64}, 64, () -> List.of(new TokenWise(new LayerNorm()), new Gelu()));
    }

    @Test
    void attentionIsBitwiseTheSameWithOneAndTwoThreads() {
        // small widths: the projections' gemms stay below OpenBLAS's multithreading threshold, so only the
        // toolkit's own splits (per-example gemms, softmax backward) differ between the runs
        assertSameWithOneAndTwoThreads(new long[] {16, 8}, 64, () -> List.of(new MultiHeadSelfAttention(2)));
    }

    private static void assertSameWithOneAndTwoThreads(long[] shape, int n, java.util.function.Supplier<List<Layer>> layers) {
        float[][] one = step(1, shape, n, layers.get());
        float[][] two = step(2, shape, n, layers.get());
        for (int i = 0; i < one.length; i++) {
            assertThat(two[i]).as("array %d", i).containsExactly(one[i]);
        }
    }

    /** @return output, input gradient and parameter gradients of one forward/backward pass */
    private static float[][] step(int threads, long[] shape, int n, List<Layer> layers) {
        Nd4jRuntime.setThreads(threads);
        try (Sequential net = Sequential.of(shape, layers, 3, n, DataType.FLOAT)) {
            net.setComputeInputGradient(true);
            Nd4j.getRandom().setSeed(5);
            long[] full = Ops.batchShape(n, shape);
            INDArray x = Nd4j.rand(DataType.FLOAT, full).subi(0.5).muli(4);
            INDArray g = Nd4j.rand(DataType.FLOAT, full).subi(0.5);
            float[] out = net.forward(x, true).dup().data().asFloat();
            float[] gx = net.backward(g).dup().data().asFloat();
            return new float[][] {out, gx, net.parameters().gradients().dup().data().asFloat()};
        }
    }
}
