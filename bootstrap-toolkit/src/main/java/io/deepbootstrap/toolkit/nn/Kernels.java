package io.deepbootstrap.toolkit.nn;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element-wise kernels that run as plain Java loops over chunks of a layer's native buffers: every chunk is
 * copied into a Java array with one bulk copy, processed by a loop the JIT compiles to SIMD instructions (no
 * calls, no branches in the loop body), and copied back. This is how GELU, layer norm and the softmax
 * backward pass avoid libnd4j's chains of small ops and their temporary arrays.
 *
 * <p>An instance owns its chunk arrays (one per layer, so no allocation per call) and is used by one thread at
 * a time. Arrays must be C-order and contiguous ({@link #requireContiguous}).
 */
final class Kernels {
    /** Values per chunk: a few chunk arrays fit in the L1/L2 cache. */
    static final int CHUNK = 4096;

    /**
     * @param len values
     * @return the number of {@link #CHUNK}-sized chunks that cover {@code len} values (the last one may be shorter)
     */
    static int chunks(long len) {
        return Math.toIntExact((len + CHUNK - 1) / CHUNK);
    }
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);
    private static final float GELU_B = 0.044715f;
    /** Beyond this |x| the float tanh is ±1 to float precision. */
    private static final float TANH_CLAMP = 7.90531110763549805f;

    private final int chunk;
    private final float[][] floats;
    private final double[][] doubles;
    private final Kernels[] companions = new Kernels[Parallel.MAX_PARTS];

    /** Chunk arrays of {@link #CHUNK} values. */
    Kernels() {
        this(CHUNK);
    }

    /** @param chunk values per chunk array */
    Kernels(int chunk) {
        this.chunk = chunk;
        floats = new float[3][chunk];
        doubles = new double[3][chunk];
    }

    /**
     * @param part a {@link Parallel} part index
     * @return this instance for part 0, else a companion instance of the same chunk size for that part (created
     *     on first use; one per part, so parallel parts never share chunk arrays)
     */
    Kernels part(int part) {
        if (part == 0) {
            return this;
        }
        Kernels k = companions[part];
        if (k == null) {
            k = new Kernels(chunk);
            companions[part] = k;
        }
        return k;
    }

    /** @return values per chunk array */
    int chunk() {
        return chunk;
    }

    /**
     * @param i slot 0..2
     * @return the slot's float chunk array
     */
    float[] floats(int i) {
        return floats[i];
    }

    /**
     * @param i slot 0..2
     * @return the slot's double chunk array
     */
    double[] doubles(int i) {
        return doubles[i];
    }

    /**
     * @param a an array
     * @throws IllegalStateException if {@code a} is not C-order contiguous (the kernels index its buffer linearly)
     */
    static void requireContiguous(INDArray a) {
        if (!isContiguous(a)) {
            throw new IllegalStateException("kernel input must be a contiguous C-order array, got shape "
                    + java.util.Arrays.toString(a.shape()) + " strides " + java.util.Arrays.toString(a.stride()));
        }
    }

    /**
     * @param a an array
     * @return whether {@code a} is C-order contiguous (its buffer can be indexed linearly from its offset)
     */
    static boolean isContiguous(INDArray a) {
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) != 1 && a.stride(d) != expected) {
                return false;
            }
            expected *= a.size(d);
        }
        return true;
    }

    /** @return the array's float data as a buffer indexed from element 0 of the array's own storage */
    static FloatBuffer floatBuffer(INDArray a) {
        return a.data().asNioFloat();
    }

    /**
     * Reads {@code len} values starting at element {@code start} of a contiguous array (FLOAT or DOUBLE) into
     * {@code dst} as doubles.
     */
    void read(INDArray a, long start, double[] dst, int len) {
        read(nio(a), a, start, dst, len, floats[2]);
    }

    /** Writes {@code len} doubles into a contiguous array (FLOAT or DOUBLE) starting at its element {@code start}. */
    void write(INDArray a, long start, double[] src, int len) {
        write(nio(a), a, start, src, len, floats[2]);
    }

    /**
     * @param a a FLOAT or DOUBLE array
     * @return its storage as an NIO buffer indexed from element 0 of the storage (fetch it once per pass where
     *     that matters: creating it costs microseconds)
     */
    static Buffer nio(INDArray a) {
        return a.dataType() == DataType.DOUBLE ? a.data().asNioDouble() : a.data().asNioFloat();
    }

    /**
     * Reads {@code len} values starting at element {@code start} of a contiguous array into {@code dst} as
     * doubles.
     *
     * @param data {@link #nio} of {@code a}
     * @param staging at least {@code len} floats, overwritten when {@code a} is FLOAT
     */
    static void read(Buffer data, INDArray a, long start, double[] dst, int len, float[] staging) {
        int from = Math.toIntExact(a.offset() + start);
        if (data instanceof DoubleBuffer d) {
            d.get(from, dst, 0, len);
        } else {
            ((FloatBuffer) data).get(from, staging, 0, len);
            for (int i = 0; i < len; i++) {
                dst[i] = staging[i];
            }
        }
    }

    /**
     * Writes {@code len} doubles into a contiguous array starting at its element {@code start}.
     *
     * @param data {@link #nio} of {@code a}
     * @param staging at least {@code len} floats, overwritten when {@code a} is FLOAT
     */
    static void write(Buffer data, INDArray a, long start, double[] src, int len, float[] staging) {
        int to = Math.toIntExact(a.offset() + start);
        if (data instanceof DoubleBuffer d) {
            d.put(to, src, 0, len);
        } else {
            for (int i = 0; i < len; i++) {
                staging[i] = (float) src[i];
            }
            ((FloatBuffer) data).put(to, staging, 0, len);
        }
    }

    /** Reads {@code len} floats starting at element {@code start} of a contiguous FLOAT array. */
    static void read(FloatBuffer data, INDArray a, long start, float[] dst, int len) {
        data.get(Math.toIntExact(a.offset() + start), dst, 0, len);
    }

    /** Writes {@code len} floats into a contiguous FLOAT array starting at its element {@code start}. */
    static void write(FloatBuffer data, INDArray a, long start, float[] src, int len) {
        data.put(Math.toIntExact(a.offset() + start), src, 0, len);
    }

    /** Reads from a DOUBLE array. */
    static void read(DoubleBuffer data, INDArray a, long start, double[] dst, int len) {
        data.get(Math.toIntExact(a.offset() + start), dst, 0, len);
    }

    /** Writes into a DOUBLE array. */
    static void write(DoubleBuffer data, INDArray a, long start, double[] src, int len) {
        data.put(Math.toIntExact(a.offset() + start), src, 0, len);
    }

    /**
     * tanh in float arithmetic as a rational function of degree 13/6 on [-7.9, 7.9] (the approximation Eigen and
     * PyTorch's vectorised CPU kernels use), |error| below 2e-7; only multiplications, additions, one division
     * and min/max, so loops calling it vectorise.
     *
     * @param a argument
     * @return tanh(a)
     */
    static float tanh(float a) {
        float x = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, a));
        float x2 = x * x;
        float p = -2.76076847742355e-16f;
        p = p * x2 + 2.00018790482477e-13f;
        p = p * x2 + -8.60467152213735e-11f;
        p = p * x2 + 5.12229709037114e-08f;
        p = p * x2 + 1.48572235717979e-05f;
        p = p * x2 + 6.37261928875436e-04f;
        p = p * x2 + 4.89352455891786e-03f;
        float q = 1.19825839466702e-06f;
        q = q * x2 + 1.18534705686654e-04f;
        q = q * x2 + 2.26843463243900e-03f;
        q = q * x2 + 4.89352518554385e-03f;
        return x * p / q;
    }

    /** y = gelu(x) (tanh form) for {@code len} floats, vectorised. */
    static void geluForward(float[] x, float[] y, int len) {
        for (int i = 0; i < len; i++) {
            float v = x[i];
            float t = tanh(SQRT_2_OVER_PI * (v + GELU_B * v * v * v));
            y[i] = 0.5f * v * (1f + t);
        }
    }

    /**
     * g = g * gelu'(x) for {@code len} floats, vectorised. Two loops (tanh into {@code t}, then the derivative):
     * as one loop the JIT does not vectorise it (measured 5x slower).
     */
    static void geluBackward(float[] x, float[] g, float[] t, int len) {
        for (int i = 0; i < len; i++) {
            float v = x[i];
            t[i] = tanh(SQRT_2_OVER_PI * (v + GELU_B * v * v * v));
        }
        for (int i = 0; i < len; i++) {
            float v = x[i];
            float ti = t[i];
            g[i] *= 0.5f * (1f + ti) + 0.5f * v * (1f - ti * ti) * SQRT_2_OVER_PI * (1f + 3f * GELU_B * v * v);
        }
    }

    /** gelu(v), tanh form, in double precision with {@link Math#tanh} (the reference of the float kernel). */
    static double gelu(double v) {
        return 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
    }

    /** The exact derivative of {@link #gelu(double)}. */
    static double geluDerivative(double v) {
        double a = Math.sqrt(2 / Math.PI);
        double t = Math.tanh(a * (v + 0.044715 * v * v * v));
        return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * a * (1 + 3 * 0.044715 * v * v);
    }

    /**
     * Sum of {@code x[o .. o+len)} with four interleaved partial sums (a single running sum is one dependent
     * addition per value, 4x slower; the order is fixed, so results stay deterministic).
     */
    static double sum(double[] x, int o, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = o;
        int end = o + len;
        for (; j + 3 < end; j += 4) {
            s0 += x[j];
            s1 += x[j + 1];
            s2 += x[j + 2];
            s3 += x[j + 3];
        }
        for (; j < end; j++) {
            s0 += x[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Sum of {@code (x[i] - mean)^2} over {@code x[o .. o+len)}, four partial sums as {@link #sum}. */
    static double sumSquaredDeviations(double[] x, int o, int len, double mean) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = o;
        int end = o + len;
        for (; j + 3 < end; j += 4) {
            double c0 = x[j] - mean;
            double c1 = x[j + 1] - mean;
            double c2 = x[j + 2] - mean;
            double c3 = x[j + 3] - mean;
            s0 += c0 * c0;
            s1 += c1 * c1;
            s2 += c2 * c2;
            s3 += c3 * c3;
        }
        for (; j < end; j++) {
            double c = x[j] - mean;
            s0 += c * c;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Dot product of {@code a[o .. o+len)} and {@code b[o .. o+len)}, four partial sums as {@link #sum}. */
    static double dot(double[] a, double[] b, int o, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = o;
        int end = o + len;
        for (; j + 3 < end; j += 4) {
            s0 += a[j] * b[j];
            s1 += a[j + 1] * b[j + 1];
            s2 += a[j + 2] * b[j + 2];
            s3 += a[j + 3] * b[j + 3];
        }
        for (; j < end; j++) {
            s0 += a[j] * b[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Float {@link #sum(double[], int, int)}: four partial sums. */
    static float sum(float[] x, int o, int len) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int j = o;
        int end = o + len;
        for (; j + 3 < end; j += 4) {
            s0 += x[j];
            s1 += x[j + 1];
            s2 += x[j + 2];
            s3 += x[j + 3];
        }
        for (; j < end; j++) {
            s0 += x[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Float {@link #sumSquaredDeviations(double[], int, int, double)}. */
    static float sumSquaredDeviations(float[] x, int o, int len, float mean) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int j = o;
        int end = o + len;
        for (; j + 3 < end; j += 4) {
            float c0 = x[j] - mean;
            float c1 = x[j + 1] - mean;
            float c2 = x[j + 2] - mean;
            float c3 = x[j + 3] - mean;
            s0 += c0 * c0;
            s1 += c1 * c1;
            s2 += c2 * c2;
            s3 += c3 * c3;
        }
        for (; j < end; j++) {
            float c = x[j] - mean;
            s0 += c * c;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Float {@link #dot(double[], double[], int, int)}. */
    static float dot(float[] a, float[] b, int o, int len) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int j = o;
        int end = o + len;
        for (; j + 3 < end; j += 4) {
            s0 += a[j] * b[j];
            s1 += a[j + 1] * b[j + 1];
            s2 += a[j + 2] * b[j + 2];
            s3 += a[j + 3] * b[j + 3];
        }
        for (; j < end; j++) {
            s0 += a[j] * b[j];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
