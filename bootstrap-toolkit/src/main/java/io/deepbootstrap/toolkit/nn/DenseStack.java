package io.deepbootstrap.toolkit.nn;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The inference pass of a float32 stack of {@link Dense} and {@link Relu} layers over vectors (an MLP) through oneDNN:
 * each dense layer is one inner product primitive with its weights kept packed in oneDNN's blocked layout and the
 * bias and the ReLU after it as the primitive's epilogue ({@link Dense#inference}); the ReLU layer is skipped. The
 * layer-by-layer pass instead packs the weights inside every {@code sgemm} call, writes the bias before it and runs
 * the ReLU as a pass of its own.
 *
 * <p><b>Two halves at two threads.</b> At two or more native threads ({@link Nd4jRuntime#threads}) a batch of
 * {@code 2 * 8} rows or more runs as two halves at once, each through the whole stack on one thread with one OpenMP
 * thread, sharing the packed weights (two lanes of {@link DnnlDense}): the first {@code ceil(n / 2)} rows on the
 * calling thread, the rest on {@link Parallel}'s helper (or after the first on the caller when the helper does not
 * come). Each half reads and writes its own rows of the layers' buffers; nothing waits between layers (the
 * whole-batch pass at two OpenMP threads wakes and waits for the second thread in every layer: a quarter of the CPU
 * idle, docs/PERFORMANCE.md "MLP inference at two threads (session 11)"). At one thread, and for smaller batches, the
 * batch runs whole on one OpenMP thread (two halves one after the other cost about 5% at one thread).
 *
 * <p><b>Bits.</b> Every primitive runs on one OpenMP thread. oneDNN's one-thread inner product
 * ({@code brgemm:avx512_core} here) computes each row the same way whatever the number of rows, so <b>predictions are
 * the same bits at one and two threads</b> (checked for every batch size from 1 to 128 at the MLP's shapes,
 * {@code DenseStackTest}); a whole-batch primitive at two OpenMP threads instead sums a 3,072-wide input in two parts
 * and differs from one thread's in the last bit (session 10's pass). {@code -Dbootstrap.mlp.split=false} runs every
 * batch whole at the caller's thread count (the session-10 pass).
 *
 * <p>The packed weights are valid while the caller's {@code version} is unchanged ({@link NativeNetwork} passes
 * {@link Sequential#parametersVersion}, which changes whenever the parameters may have been written).
 */
final class DenseStack {
    private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty("bootstrap.mlp.dnnl"));
    private static volatile boolean split = !"false".equalsIgnoreCase(System.getProperty("bootstrap.mlp.split"));
    /** The smallest half of a batch worth a thread of its own. */
    private static final int SPLIT_MIN_ROWS = 8;

    private final Dense[] dense;
    /** Whether a ReLU follows {@code dense[i]} (fused into it). */
    private final boolean[] relu;
    private long passes;
    private long splitPasses;

    private DenseStack(List<Dense> dense, List<Boolean> relu) {
        this.dense = dense.toArray(new Dense[0]);
        this.relu = new boolean[relu.size()];
        for (int i = 0; i < this.relu.length; i++) {
            this.relu[i] = relu.get(i);
        }
    }

    /** @return whether the pass may be used ({@code -Dbootstrap.mlp.dnnl=false}: no) */
    static boolean enabled() {
        return enabled;
    }

    /**
     * For tests: switches the pass on or off.
     *
     * @param on whether it may be used
     * @return the previous setting
     */
    static boolean enable(boolean on) {
        boolean was = enabled;
        enabled = on;
        return was;
    }

    /**
     * For tests: switches the split into two halves on or off ({@code -Dbootstrap.mlp.split}).
     *
     * @param on whether batches of 16 rows and more run as two halves
     * @return the previous setting
     */
    static boolean enableSplit(boolean on) {
        boolean was = split;
        split = on;
        return was;
    }

    /**
     * @param net the network
     * @return the pass for {@code net}, or null when it is not a stack of dense layers, each followed by at most one
     *     ReLU, over vectors, whose dense layers can run on oneDNN
     */
    static DenseStack of(Sequential net) {
        List<Layer> layers = net.layers();
        if (net.inputShape().length != 1 || layers.isEmpty()) {
            return null;
        }
        List<Dense> dense = new ArrayList<>();
        List<Boolean> relu = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof Dense d && d.dnnlInference())) {
                return null;
            }
            boolean r = i + 1 < layers.size() && layers.get(i + 1) instanceof Relu;
            dense.add(d);
            relu.add(r);
            i += r ? 1 : 0;
        }
        return new DenseStack(dense, relu);
    }

    /**
     * @param x {@code [n, features]}
     * @param version the parameters' version (see {@link Dense#inference})
     * @return the last layer's output {@code [n, out]}
     */
    INDArray forward(INDArray x, long version) {
        passes++;
        int n = Math.toIntExact(x.size(0));
        if (!split) {
            INDArray a = x;
            for (int i = 0; i < dense.length; i++) {
                a = dense[i].inference(a, relu[i], version);
            }
            return a;
        }
        if (n < 2 * SPLIT_MIN_ROWS || Nd4jRuntime.threads() < 2) {
            Nd4jRuntime.onOneOmpThreadHere(() -> {
                prepare(n, 0, version);
                rows(x, 0, n, 0);
            });
            return dense[dense.length - 1].outputRows(n);
        }
        splitPasses++;
        int half = (n + 1) / 2;
        Nd4jRuntime.onOneOmpThreadHere(() -> {
            prepare(half, 0, version);
            prepare(n - half, 1, version);
        });
        INDArray first = Ops.rows(x, half);
        INDArray second = x.get(NDArrayIndex.interval(half, n));
        Parallel.run(2, 1, (from, to, part) -> {
            for (int c = from; c < to; c++) {
                int lane = c;
                Nd4jRuntime.onOneOmpThreadHere(() -> {
                    if (lane == 0) {
                        rows(first, 0, half, 0);
                    } else {
                        rows(second, half, n, 1);
                    }
                });
            }
        });
        return dense[dense.length - 1].outputRows(n);
    }

    /** Makes every layer ready for {@code n} rows on {@code lane} (primitives, packed weights). */
    private void prepare(long n, int lane, long version) {
        for (int i = 0; i < dense.length; i++) {
            dense[i].prepareInference(n, relu[i], lane, version);
        }
    }

    /** Rows {@code [from, to)} through every layer on {@code lane}; {@code x} holds those rows of the input. */
    private void rows(INDArray x, long from, long to, int lane) {
        INDArray a = x;
        for (int i = 0; i < dense.length; i++) {
            a = dense[i].inferenceRows(a, from, to, relu[i], lane);
        }
    }

    /** @return the number of {@link #forward} calls so far (for tests) */
    long passes() {
        return passes;
    }

    /** @return the number of {@link #forward} calls run as two halves so far (for tests) */
    long splitPasses() {
        return splitPasses;
    }
}
