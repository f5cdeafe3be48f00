package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java kernels and per-matrix BLAS loops that {@link Parallel} splits between threads give bitwise the same
 * results with one and with two threads (float layer norm, GELU, ReLU, attention, max pooling and sliced
 * convolutions: output, input gradient and parameter gradients), and {@link Parallel#run} covers every item exactly once,
 * rethrows a body's exception and runs nested loops on the calling thread.
 */
@ExtendWith(ParallelSplitOn.class)
class ParallelKernelsTest {

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
    void aBodysExceptionReachesTheCallerAndTheNextLoopStillRuns() {
        Nd4jRuntime.setThreads(2);
        assertThatThrownBy(() -> Parallel.run(100, 1, (from, to, part) -> {
            if (from <= 57 && 57 < to) {
                throw new IllegalArgumentException("item 57");
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("item 57");
        AtomicIntegerArray seen = new AtomicIntegerArray(100);
        Parallel.run(100, 1, (from, to, part) -> {
            for (int i = from; i < to; i++) {
                seen.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 100; i++) {
            assertThat(seen.get(i)).isEqualTo(1);
        }
    }

    @Test
    void aNestedLoopRunsOnItsCallingThread() {
        Nd4jRuntime.setThreads(2);
        AtomicIntegerArray seen = new AtomicIntegerArray(64 * 64);
        Parallel.run(64, 1, (from, to, part) -> {
            for (int i = from; i < to; i++) {
                int row = i;
                Thread outer = Thread.currentThread();
                Parallel.run(64, 1, (f, t, p) -> {
                    assertThat(Thread.currentThread()).isSameAs(outer);
                    for (int j = f; j < t; j++) {
                        seen.incrementAndGet(row * 64 + j);
                    }
                });
            }
        });
        for (int i = 0; i < 64 * 64; i++) {
            assertThat(seen.get(i)).isEqualTo(1);
        }
    }

    @Test
    void maxPoolingIsBitwiseTheSameWithOneAndTwoThreads() {
        assertSameWithOneAndTwoThreads(new long[] {8, 8, 16}, 32, () -> List.of(Pool2d.max(2, 2)));
    }

    @Test
    void slicedConvolutionsAreBitwiseTheSameWithOneAndTwoThreads() {
        // 64 KB per image: slices of 16 images, four slices run concurrently with two threads. The backward pass is
        // pinned to the sliced libnd4j one: on AVX-512 CPUs this 32x32 layer would otherwise take the shifted backward
        // pass, whose weight gradient is one BLAS gemm per kernel position over all batch rows, summed in an order
        // that depends on BLAS's thread count (same thread count, same numbers: see the test below)
        assertSameWithOneAndTwoThreads(new long[] {32, 32, 16}, 64,
                () -> List.of(new Conv2d(16, 3, 1, true, true).directOneDnn(false).shiftedBackward(false)));
    }

    @Test
    void directOneDnnConvolutionsAreRepeatableAtEachThreadCount() {
        // oneDNN's weight gradient sums in an order that depends on the thread count, not on the run
        for (int threads = 1; threads <= 2; threads++) {
            int t = threads;
            java.util.function.Supplier<List<Layer>> layers = () -> List.of(new Conv2d(16, 3, 1, true, true), new Relu(),
                    new Conv2d(24, 3, 2, true, false), new Conv2d(8, 1, 1, true, false));
            float[][] first = step(t, new long[] {16, 16, 8}, 32, layers.get());
            float[][] again = step(t, new long[] {16, 16, 8}, 32, layers.get());
            assertBitwiseEqual(first, again, t + " thread(s), two runs");
        }
    }

    @Test
    void shiftedBackwardPassIsRepeatableAtEachThreadCount() {
        for (int threads = 1; threads <= 2; threads++) {
            float[][] first = step(threads, new long[] {32, 32, 16}, 64, shifted());
            float[][] again = step(threads, new long[] {32, 32, 16}, 64, shifted());
            assertBitwiseEqual(first, again, threads + " thread(s), two runs");
        }
    }

    private static List<Layer> shifted() {
        return List.of(new Conv2d(16, 3, 1, true, true).directOneDnn(false).shiftedBackward(true));
    }

    @Test
    void layerNormAndGeluAreBitwiseTheSameWithOneAndTwoThreads() {
        assertSameWithOneAndTwoThreads(new long[] {64, 64}, 16, () -> List.of(new TokenWise(new LayerNorm()), new Gelu()));
    }

    @Test
    void reluIsBitwiseTheSameWithOneAndTwoThreads() {
        // 16 x 16 KB images: 64 chunks, split between two threads (the MLP's 64 K values stay on one)
        assertSameWithOneAndTwoThreads(new long[] {32, 32, 16}, 16, () -> List.of(new Relu()));
    }

    @Test
    void attentionIsBitwiseTheSameWithOneAndTwoThreads() {
        // small widths: the projections' gemms stay below OpenBLAS's multithreading threshold, so only the
        // toolkit's own splits (per-example gemms, softmax backward) differ between the runs
        assertSameWithOneAndTwoThreads(new long[] {16, 8}, 64, () -> List.of(new MultiHeadSelfAttention(2)));
    }

    private static void assertSameWithOneAndTwoThreads(long[] shape, int n, java.util.function.Supplier<List<Layer>> layers) {
        assertBitwiseEqual(step(1, shape, n, layers.get()), step(2, shape, n, layers.get()), "one and two threads");
    }

    private static void assertBitwiseEqual(float[][] one, float[][] two, String what) {
        for (int i = 0; i < one.length; i++) {
            assertThat(two[i]).as("array %d length", i).hasSameSizeAs(one[i]);
            int differing = 0;
            int first = -1;
            float maxDiff = 0;
            for (int k = 0; k < one[i].length; k++) {
                if (Float.floatToRawIntBits(one[i][k]) != Float.floatToRawIntBits(two[i][k])) {
                    differing++;
                    first = first < 0 ? k : first;
                    maxDiff = Math.max(maxDiff, Math.abs(one[i][k] - two[i][k]));
                }
            }
            // one pass, not AssertJ's element-wise diff (quadratic on large differing arrays)
            assertThat(differing).as("array %d (output, input gradient, parameter gradients): %d of %d elements differ"
                    + " between %s, first at %d (%s vs %s), largest difference %s", i, differing,
                    one[i].length, what, first, first < 0 ? "" : one[i][first], first < 0 ? "" : two[i][first], maxDiff).isZero();
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
            INDArray g = Nd4j.rand(DataType.FLOAT, Ops.batchShape(n, net.outputShape())).subi(0.5);
            float[] out = net.forward(x, true).dup().data().asFloat();
            float[] gx = net.backward(g).dup().data().asFloat();
            return new float[][] {out, gx, net.parameters().gradients().dup().data().asFloat()};
        }
    }
}
