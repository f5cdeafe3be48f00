package io.deepbootstrap.toolkit.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD loops of {@link OptimizerKernels}; loaded only when the {@code jdk.incubator.vector} module is present.
 * Arrays are native-order byte buffers with the byte offset of element 0; ranges are in elements.
 */
final class VectorSgd {
    static final int PLAIN = 0;
    static final int HEAVY_BALL = 1;
    static final int NESTEROV = 2;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorSgd() {
    }

    /** One range of {@link OptimizerKernels#sgd}: SIMD over whole vectors, the rest one element at a time. */
    static void update(ByteBuffer w, int wo, ByteBuffer g, int go, ByteBuffer b, int bo, int from, int to, float lr,
            float mu, int rule, float wd) {
        float step = -lr;
        boolean decay = wd != 0;
        FloatVector vmu = FloatVector.broadcast(S, mu);
        FloatVector vstep = FloatVector.broadcast(S, step);
        FloatVector vwd = FloatVector.broadcast(S, wd);
        int i = from;
        int end = from + S.loopBound(to - from);
        int width = S.length() * Float.BYTES;
        int wi = wo + i * Float.BYTES;
        int gi = go + i * Float.BYTES;
        int bi = bo + i * Float.BYTES;
        for (; i < end; i += S.length(), wi += width, gi += width, bi += width) {
            FloatVector wv = FloatVector.fromByteBuffer(S, w, wi, ORDER);
            FloatVector d = FloatVector.fromByteBuffer(S, g, gi, ORDER);
            if (decay) {
                d = vwd.fma(wv, d);
            }
            if (rule != PLAIN) {
                FloatVector buf = FloatVector.fromByteBuffer(S, b, bi, ORDER).fma(vmu, d);
                buf.intoByteBuffer(b, bi, ORDER);
                d = rule == NESTEROV ? buf.fma(vmu, d) : buf;
            }
            vstep.fma(d, wv).intoByteBuffer(w, wi, ORDER);
        }
        for (; i < to; i++, wi += Float.BYTES, gi += Float.BYTES, bi += Float.BYTES) {
            float wv = w.getFloat(wi);
            float d = g.getFloat(gi);
            if (decay) {
                d = Math.fma(wd, wv, d);
            }
            if (rule != PLAIN) {
                float buf = Math.fma(b.getFloat(bi), mu, d);
                b.putFloat(bi, buf);
                d = rule == NESTEROV ? Math.fma(buf, mu, d) : buf;
            }
            w.putFloat(wi, Math.fma(step, d, wv));
        }
    }
}
