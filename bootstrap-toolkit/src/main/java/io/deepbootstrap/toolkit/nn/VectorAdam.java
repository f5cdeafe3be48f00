package io.deepbootstrap.toolkit.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD loop of {@link OptimizerKernels#adam}; loaded only when the {@code jdk.incubator.vector} module is
 * present. Arrays are native-order byte buffers with the byte offset of element 0; ranges are in elements. Every
 * operation rounds once, as the native calls it replaces: a multiply-add is one {@code fma} where those calls fused
 * it (BLAS {@code saxpy}), a multiply, square root, division or addition where they made it an op of its own.
 */
final class VectorAdam {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /**
     * The step's scalars, rounded to float.
     *
     * @param beta1 the first moment's decay
     * @param oneMinusBeta1 {@code 1 - beta1}
     * @param beta2 the second moment's decay
     * @param oneMinusBeta2 {@code 1 - beta2}
     * @param sqrtCorrection2 {@code sqrt(1 - beta2^step)}
     * @param epsilon added to the denominator
     * @param step {@code -lr / (1 - beta1^step)}
     * @param weightDecay the L2 weight decay (0 for none)
     */
    record Scalars(float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float sqrtCorrection2,
            float epsilon, float step, float weightDecay) {
    }

    private VectorAdam() {
    }

    /** One range of {@link OptimizerKernels#adam}: SIMD over whole vectors, the rest one element at a time. */
    static void update(ByteBuffer w, int wo, ByteBuffer g, int go, ByteBuffer m, int mo, ByteBuffer v, int vo,
            int from, int to, Scalars s) {
        boolean decay = s.weightDecay() != 0;
        FloatVector b1 = FloatVector.broadcast(S, s.beta1());
        FloatVector a1 = FloatVector.broadcast(S, s.oneMinusBeta1());
        FloatVector b2 = FloatVector.broadcast(S, s.beta2());
        FloatVector a2 = FloatVector.broadcast(S, s.oneMinusBeta2());
        FloatVector c2 = FloatVector.broadcast(S, s.sqrtCorrection2());
        FloatVector eps = FloatVector.broadcast(S, s.epsilon());
        FloatVector step = FloatVector.broadcast(S, s.step());
        FloatVector wd = FloatVector.broadcast(S, s.weightDecay());
        int i = from;
        for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
            int at = i * Float.BYTES;
            FloatVector wv = FloatVector.fromByteBuffer(S, w, wo + at, ORDER);
            FloatVector d = FloatVector.fromByteBuffer(S, g, go + at, ORDER);
            if (decay) {
                d = wd.fma(wv, d);
            }
            FloatVector mv = a1.fma(d, FloatVector.fromByteBuffer(S, m, mo + at, ORDER).mul(b1));
            FloatVector vv = a2.fma(d.mul(d), FloatVector.fromByteBuffer(S, v, vo + at, ORDER).mul(b2));
            mv.intoByteBuffer(m, mo + at, ORDER);
            vv.intoByteBuffer(v, vo + at, ORDER);
            FloatVector denom = vv.sqrt().div(c2).add(eps);
            step.fma(mv.div(denom), wv).intoByteBuffer(w, wo + at, ORDER);
        }
        for (; i < to; i++) {
            int at = i * Float.BYTES;
            float wv = w.getFloat(wo + at);
            float d = g.getFloat(go + at);
            if (decay) {
                d = Math.fma(s.weightDecay(), wv, d);
            }
            float mv = Math.fma(s.oneMinusBeta1(), d, m.getFloat(mo + at) * s.beta1());
            float vv = Math.fma(s.oneMinusBeta2(), d * d, v.getFloat(vo + at) * s.beta2());
            m.putFloat(mo + at, mv);
            v.putFloat(vo + at, vv);
            float denom = (float) Math.sqrt(vv) / s.sqrtCorrection2() + s.epsilon();
            w.putFloat(wo + at, Math.fma(s.step(), mv / denom, wv));
        }
    }
}
