package io.deepbootstrap.toolkit.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Optimizer updates over whole flat FLOAT parameter vectors as one fused pass: every element's new weight and
 * optimizer state are computed from its weight, gradient and state read once (SGD: five streams over the vectors
 * instead of the nine of three separate native calls), in SIMD Java code
 * ({@code jdk.incubator.vector}) on the arrays' native memory, split over the native thread count's threads in
 * fixed chunks ({@link Parallel}). Each element's arithmetic is the same whatever the split, so the results are
 * bitwise the same at one and two threads.
 *
 * <p>Each kernel decides itself whether it can run ({@link #supports}) and returns false, touching nothing, when it
 * cannot: the caller then makes its unfused operations. It needs the JVM option
 * {@code --add-modules jdk.incubator.vector} (the launcher and the test JVMs get it); without it
 * {@link #available()} is false. The arithmetic is that of the native calls the kernels replace, in their order:
 * the fused multiply-adds ({@link Math#fma(float, float, float)}, one rounding each) that OpenBLAS's {@code saxpy}
 * and libnd4j's {@code Axpy} compute, so a caller's unfused path gives the same bits.
 */
public final class OptimizerKernels {
    /** Chunks (of {@link Kernels#CHUNK} values) below which a second thread is not worth waking. */
    private static final int MIN_CHUNKS_PER_PART = 16;
    private static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equalsIgnoreCase(System.getProperty("bootstrap.toolkit.vector"));

    private OptimizerKernels() {
    }

    /**
     * @return whether the fused kernels can run in this JVM (module {@code jdk.incubator.vector} present and
     *     {@code -Dbootstrap.toolkit.vector=false} not given)
     */
    public static boolean available() {
        return VECTOR;
    }

    /**
     * @param arrays vectors of one update
     * @return whether {@link #sgd} accepts them: the kernels are {@link #available()}, every array
     *     is FLOAT, C-order contiguous, of the first one's length and addressable by an {@code int} byte offset
     */
    public static boolean supports(INDArray... arrays) {
        if (!VECTOR || arrays.length == 0) {
            return false;
        }
        long n = arrays[0].length();
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || a.length() != n || !Kernels.isContiguous(a)
                    || (a.offset() + n) * Float.BYTES > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code torch.optim.SGD} (dampening 0) in one pass, as {@code g' = fma(wd, w, g)} when {@code weightDecay != 0};
     * with {@code momentum > 0}: {@code buf = fma(buf, mu, g')}, then the direction {@code d = fma(buf, mu, g')}
     * (Nesterov) or {@code d = buf} (heavy-ball); without: {@code d = g'}; finally {@code w = fma(-lr, d, w)}.
     * The gradient vector is only read.
     *
     * @param w the parameters, updated in place
     * @param g the gradients
     * @param buffer the momentum buffer, updated in place (ignored, may be null, when {@code momentum == 0})
     * @param learningRate the learning rate
     * @param momentum the momentum factor (0 for none)
     * @param nesterov Nesterov momentum instead of heavy-ball
     * @param weightDecay the L2 weight decay (0 for none)
     * @return whether the update was done; false (nothing changed) when the arrays are not {@link #supports
     *     supported}
     */
    public static boolean sgd(INDArray w, INDArray g, INDArray buffer, float learningRate, float momentum,
            boolean nesterov, float weightDecay) {
        boolean withMomentum = momentum != 0;
        if (withMomentum ? !supports(w, g, buffer) : !supports(w, g)) {
            return false;
        }
        int rule = !withMomentum ? VectorSgd.PLAIN : nesterov ? VectorSgd.NESTEROV : VectorSgd.HEAVY_BALL;
        ByteBuffer wb = bytes(w);
        ByteBuffer gb = bytes(g);
        ByteBuffer bb = withMomentum ? bytes(buffer) : null;
        int wo = byteOffset(w);
        int go = byteOffset(g);
        int bo = withMomentum ? byteOffset(buffer) : 0;
        split(w, (from, to) -> VectorSgd.update(wb, wo, gb, go, bb, bo, from, to, learningRate, momentum, rule,
                weightDecay));
        return true;
    }

    /** An element range of one kernel. */
    private interface Elements {
        void run(int from, int to);
    }

    /** Runs {@code body} over the elements of {@code w} in fixed chunks, split by {@link Parallel}. */
    private static void split(INDArray w, Elements body) {
        int n = Math.toIntExact(w.length());
        Parallel.run(Kernels.chunks(n), MIN_CHUNKS_PER_PART,
                (from, to, part) -> body.run(from * Kernels.CHUNK, Math.min(n, to * Kernels.CHUNK)));
    }

    private static ByteBuffer bytes(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder());
    }

    private static int byteOffset(INDArray a) {
        return Math.toIntExact(a.offset() * Float.BYTES);
    }
}
