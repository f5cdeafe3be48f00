package io.deepbootstrap.toolkit.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ReLU, computed in place: the forward pass overwrites its input with the output and the backward pass
 * overwrites the output gradient with the input gradient, so it costs no buffers. The backward pass reads the
 * layer's output, so this is safe after every layer of this toolkit (none needs its own output in its backward pass,
 * and none overwrites its input in its forward pass); a custom layer whose backward pass reads its own output must
 * not be followed by {@code Relu}.
 *
 * <p>Both passes are Java loops over chunks of the buffer ({@link Kernels}), split between the native thread count's
 * threads ({@link Parallel}) when the array is large enough to pay for waking a helper: one libnd4j op costs about
 * 0.1 ms of call overhead on 2 cores, and the backward pass was two of them (docs/PERFORMANCE.md, "MLP at two threads
 * (session 7)"). {@code max(x, 0)} keeps NaN (as PyTorch's {@code relu}); the backward pass multiplies the gradient
 * by the 0/1 derivative {@code [y > 0]}, as before. Results do not depend on the split (element-wise).
 */
public final class Relu implements Layer {
    /** Chunks that one thread handles alone before a split pays (a chunk takes about a microsecond). */
    private static final int MIN_CHUNKS_PER_PART = 16;
    /** 2^149: scales the smallest positive float (2^-149) to 1, so min(y * 2^149, 1) is 1 for every y > 0. */
    private static final float SCALE_A = 0x1p127f;
    private static final float SCALE_B = 0x1p22f;

    private final Kernels kernels = new Kernels();
    private long[] shape;
    private INDArray activations;

    @Override
    public String name() {
        return "relu";
    }

    @Override
    public long[] build(long[] inputShape) {
        shape = inputShape.clone();
        return shape.clone();
    }

    @Override
    public void allocate(int maxBatch, DataType dataType) {
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        Kernels.requireContiguous(in);
        long len = in.length();
        if (in.dataType() == DataType.FLOAT) {
            FloatBuffer xb = Kernels.floatBuffer(in);
            Parallel.run(Kernels.chunks(len), MIN_CHUNKS_PER_PART, (from, to, part) -> {
                float[] x = kernels.part(part).floats(0);
                FloatBuffer b = xb.duplicate();
                for (long s = (long) from * Kernels.CHUNK; s < Math.min(len, (long) to * Kernels.CHUNK); s += Kernels.CHUNK) {
                    int n = (int) Math.min(Kernels.CHUNK, len - s);
                    Kernels.read(b, in, s, x, n);
                    reluForward(x, n);
                    Kernels.write(b, in, s, x, n);
                }
            });
        } else {
            DoubleBuffer xb = in.data().asNioDouble();
            double[] x = kernels.doubles(0);
            for (long s = 0; s < len; s += Kernels.CHUNK) {
                int n = (int) Math.min(Kernels.CHUNK, len - s);
                Kernels.read(xb, in, s, x, n);
                for (int i = 0; i < n; i++) {
                    x[i] = Math.max(x[i], 0);
                }
                Kernels.write(xb, in, s, x, n);
            }
        }
        activations = in;
        return in;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        Kernels.requireContiguous(gradOut);
        INDArray y = activations;
        long len = gradOut.length();
        if (gradOut.dataType() == DataType.FLOAT) {
            FloatBuffer yb = Kernels.floatBuffer(y);
            FloatBuffer gb = Kernels.floatBuffer(gradOut);
            Parallel.run(Kernels.chunks(len), MIN_CHUNKS_PER_PART, (from, to, part) -> {
                float[] a = kernels.part(part).floats(0);
                float[] g = kernels.part(part).floats(1);
                FloatBuffer ya = yb.duplicate();
                FloatBuffer ga = gb.duplicate();
                for (long s = (long) from * Kernels.CHUNK; s < Math.min(len, (long) to * Kernels.CHUNK); s += Kernels.CHUNK) {
                    int n = (int) Math.min(Kernels.CHUNK, len - s);
                    Kernels.read(ya, y, s, a, n);
                    Kernels.read(ga, gradOut, s, g, n);
                    reluBackward(a, g, n);
                    Kernels.write(ga, gradOut, s, g, n);
                }
            });
        } else {
            DoubleBuffer yb = y.data().asNioDouble();
            DoubleBuffer gb = gradOut.data().asNioDouble();
            double[] a = kernels.doubles(0);
            double[] g = kernels.doubles(1);
            for (long s = 0; s < len; s += Kernels.CHUNK) {
                int n = (int) Math.min(Kernels.CHUNK, len - s);
                Kernels.read(yb, y, s, a, n);
                Kernels.read(gb, gradOut, s, g, n);
                for (int i = 0; i < n; i++) {
                    g[i] *= a[i] > 0 ? 1 : 0;
                }
                Kernels.write(gb, gradOut, s, g, n);
            }
        }
        return gradOut;
    }

    /** x = max(x, 0) for {@code n} floats (vectorised; NaN stays NaN). */
    static void reluForward(float[] x, int n) {
        for (int i = 0; i < n; i++) {
            x[i] = Math.max(x[i], 0f);
        }
    }

    /**
     * g = g * [y > 0] for {@code n} floats of a ReLU output {@code y >= 0}, branch-free so that the JIT vectorises
     * it: {@code min(y * 2^149, 1)} is 0 for {@code y = 0} and exactly 1 for every positive float (the smallest,
     * 2^-149, scales to 1; larger ones to at least 1 or infinity). A NaN output gives a NaN gradient.
     */
    static void reluBackward(float[] y, float[] g, int n) {
        for (int i = 0; i < n; i++) {
            g[i] *= Math.min(y[i] * SCALE_A * SCALE_B, 1f);
        }
    }
}
