package io.deepbootstrap.toolkit.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Optimizer updates over whole flat FLOAT parameter vectors as one fused pass: every element's new weight and
 * optimizer state are computed from its weight, gradient and state read once (SGD: five streams over the vectors
 * instead of the nine of three separate native calls; Adam: seven instead of about twenty-five), in SIMD Java code
 * ({@code jdk.incubator.vector}) on the arrays' native memory, split over the native thread count's threads in
 * fixed chunks ({@link Parallel}). Each element's arithmetic is the same whatever the split, so the results are
 * bitwise the same at one and two threads.
 *
 * <p>Each kernel decides itself whether it can run ({@link #supports}) and returns false, touching nothing, when it
 * cannot: the caller then makes its unfused operations. It needs the JVM option
 * {@code --add-modules jdk.incubator.vector} (the launcher and the test JVMs get it); without it
 * {@link #available()} is false. The arithmetic is that of the native calls the kernels replace, in their order:
 * the fused multiply-adds ({@link Math#fma(float, float, float)}, one rounding each) that OpenBLAS's {@code saxpy}
 * and libnd4j's {@code Axpy} compute, and one rounding per libnd4j element-wise op, so a caller's unfused path gives
 * the same bits.
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
     * @return whether {@link #sgd} and {@link #adam} accept them: the kernels are {@link #available()}, every array
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

    /**
     * {@code torch.optim.Adam} (amsgrad off) in one pass, in float arithmetic with the scalars rounded to float once:
     * {@code g' = fma(wd, w, g)} when {@code weightDecay != 0}; {@code m = fma(1 - b1, g', m * b1)};
     * {@code v = fma(1 - b2, g' * g', v * b2)}; {@code w = fma(-lr / c1, m / (sqrt(v) / sqrt(c2) + eps), w)}, where
     * the bias corrections {@code c1 = 1 - b1^step} and {@code c2 = 1 - b2^step}, {@code 1 - b1}, {@code 1 - b2},
     * {@code -lr / c1} and {@code sqrt(c2)} are computed in double precision (as PyTorch does in Python) and then
     * rounded to float. The gradient vector is only read.
     *
     * @param w the parameters, updated in place
     * @param g the gradients
     * @param m the first-moment (mean) estimate, updated in place
     * @param v the second-moment (uncentred variance) estimate, updated in place
     * @param learningRate the learning rate
     * @param beta1 the first moment's decay
     * @param beta2 the second moment's decay
     * @param epsilon added to the denominator
     * @param weightDecay the L2 weight decay added to the gradient (0 for none)
     * @param step the number of this step, from 1
     * @return whether the update was done; false (nothing changed) when the arrays are not {@link #supports
     *     supported}
     */
    public static boolean adam(INDArray w, INDArray g, INDArray m, INDArray v, double learningRate, double beta1,
            double beta2, double epsilon, double weightDecay, long step) {
        if (!supports(w, g, m, v)) {
            return false;
        }
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        VectorAdam.Scalars s = new VectorAdam.Scalars((float) beta1, (float) (1 - beta1), (float) beta2,
                (float) (1 - beta2), (float) Math.sqrt(correction2), (float) epsilon,
                (float) (-learningRate / correction1), (float) weightDecay);
        ByteBuffer wb = bytes(w);
        ByteBuffer gb = bytes(g);
        ByteBuffer mb = bytes(m);
        ByteBuffer vb = bytes(v);
        int wo = byteOffset(w);
        int go = byteOffset(g);
        int mo = byteOffset(m);
        int vo = byteOffset(v);
        split(w, (from, to) -> VectorAdam.update(wb, wo, gb, go, mb, mo, vb, vo, from, to, s));
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
