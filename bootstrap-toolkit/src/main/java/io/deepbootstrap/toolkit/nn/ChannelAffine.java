package io.deepbootstrap.toolkit.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A per-channel affine map over the last dimension of a contiguous array, {@code y = x scale + shift} (optionally
 * followed by {@code max(0, y)}), or {@code y = shift} alone, in one pass as a Java loop over chunks of the native
 * buffers ({@link Kernels}): batch norm's inference pass (with the ReLU after it), a dense layer's bias written into
 * its output before the gemm adds the product ({@code beta = 1}), a bias plus a residual. The per-channel vectors are
 * tiled to the chunk length, so the loop body is {@code y[i] = x[i] s[i] + b[i]} without an index modulo and
 * vectorises for any channel count. Float arithmetic for FLOAT arrays, double for DOUBLE (gradient checks).
 *
 * <p>One instance per layer (it owns its chunk arrays); used by one thread at a time, its chunks split by
 * {@link Parallel}.
 */
final class ChannelAffine {
    private final int channels;
    private final Kernels kernels;
    private final float[] scaleFloats;
    private final float[] shiftFloats;
    private final double[] scaleDoubles;
    private final double[] shiftDoubles;

    /** @param channels length of the last dimension */
    ChannelAffine(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channel count must be >= 1, got " + channels);
        }
        this.channels = channels;
        int chunk = Math.max(1, Kernels.CHUNK / channels) * channels;
        kernels = new Kernels(chunk);
        scaleFloats = new float[chunk];
        shiftFloats = new float[chunk];
        scaleDoubles = new double[chunk];
        shiftDoubles = new double[chunk];
    }

    /**
     * Sets the map.
     *
     * @param scale per-channel factor ({@code channels} values), or {@code null} for 1
     * @param shift per-channel addend ({@code channels} values)
     */
    void set(double[] scale, double[] shift) {
        int chunk = kernels.chunk();
        for (int i = 0; i < chunk; i++) {
            int c = i % channels;
            scaleDoubles[i] = scale == null ? 1.0 : scale[c];
            shiftDoubles[i] = shift[c];
            scaleFloats[i] = (float) scaleDoubles[i];
            shiftFloats[i] = (float) shiftDoubles[i];
        }
    }

    /**
     * {@code out = in scale + shift} (then {@code max(0, out)} if {@code relu}); with {@code in == null},
     * {@code out = shift} on every row. {@code in} may be {@code out}.
     *
     * @param in {@code [..., channels]}, C-order contiguous, or {@code null}
     * @param out same length as {@code in}, C-order contiguous
     * @param relu whether to clamp at zero
     */
    void apply(INDArray in, INDArray out, boolean relu) {
        Kernels.requireContiguous(out);
        if (in != null) {
            Kernels.requireContiguous(in);
            if (in.length() != out.length()) {
                throw new IllegalArgumentException("affine map input of " + in.length() + " values, output of " + out.length());
            }
        }
        long len = out.length();
        int chunk = kernels.chunk();
        int chunks = Math.toIntExact((len + chunk - 1) / chunk);
        if (out.dataType() == DataType.FLOAT) {
            FloatBuffer xb = in == null ? null : Kernels.floatBuffer(in);
            FloatBuffer yb = Kernels.floatBuffer(out);
            Parallel.run(chunks, 4, (from, to, part) -> {
                float[] x = kernels.part(part).floats(0);
                for (long s = (long) from * chunk; s < Math.min(len, (long) to * chunk); s += chunk) {
                    int n = (int) Math.min(chunk, len - s);
                    if (in == null) {
                        Kernels.write(yb.duplicate(), out, s, shiftFloats, n);
                        continue;
                    }
                    Kernels.read(xb.duplicate(), in, s, x, n);
                    if (relu) {
                        for (int i = 0; i < n; i++) {
                            x[i] = Math.max(0f, x[i] * scaleFloats[i] + shiftFloats[i]);
                        }
                    } else {
                        for (int i = 0; i < n; i++) {
                            x[i] = x[i] * scaleFloats[i] + shiftFloats[i];
                        }
                    }
                    Kernels.write(yb.duplicate(), out, s, x, n);
                }
            });
            return;
        }
        DoubleBuffer xb = in == null ? null : in.data().asNioDouble();
        DoubleBuffer yb = out.data().asNioDouble();
        double[] x = kernels.doubles(0);
        for (long s = 0; s < len; s += chunk) {
            int n = (int) Math.min(chunk, len - s);
            if (in == null) {
                Kernels.write(yb, out, s, shiftDoubles, n);
                continue;
            }
            Kernels.read(xb, in, s, x, n);
            for (int i = 0; i < n; i++) {
                double v = x[i] * scaleDoubles[i] + shiftDoubles[i];
                x[i] = relu ? Math.max(0.0, v) : v;
            }
            Kernels.write(yb, out, s, x, n);
        }
    }
}
