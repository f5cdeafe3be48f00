package io.deepbootstrap.toolkit.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * GELU, tanh form ({@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, PyTorch's
 * {@code approximate='tanh'}), with its exact derivative. In float32 a vectorised Java loop over chunks of the
 * native buffers with a rational tanh ({@link Kernels#tanh}, error below 2e-7, as PyTorch's CPU kernel);
 * in float64 (gradient checks) the same formulas with {@link Math#tanh}. libnd4j's GELU derivative ops are
 * approximations of the derivative of their forward op (off by up to 1e-3 relative), hence no native op. The float
 * loops' chunks are split between the native thread count's threads ({@link Parallel}).
 */
public final class Gelu extends AbstractLayer {
    private final Kernels kernels = new Kernels();

    @Override
    public String name() {
        return "gelu";
    }

    @Override
    public long[] build(long[] inputShape) {
        inShape = inputShape.clone();
        outShape = inputShape.clone();
        return outShape.clone();
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        Kernels.requireContiguous(in);
        input = in;
        INDArray out = out(in);
        long len = in.length();
        if (in.dataType() == DataType.FLOAT) {
            FloatBuffer xb = Kernels.floatBuffer(in);
            FloatBuffer yb = Kernels.floatBuffer(out);
            Parallel.run(Kernels.chunks(len), 4, (from, to, part) -> {
                float[] x = kernels.part(part).floats(0);
                for (long s = (long) from * Kernels.CHUNK; s < Math.min(len, (long) to * Kernels.CHUNK); s += Kernels.CHUNK) {
                    int n = (int) Math.min(Kernels.CHUNK, len - s);
                    Kernels.read(xb.duplicate(), in, s, x, n);
                    Kernels.geluForward(x, x, n);
                    Kernels.write(yb.duplicate(), out, s, x, n);
                }
            });
        } else {
            DoubleBuffer xb = in.data().asNioDouble();
            DoubleBuffer yb = out.data().asNioDouble();
            double[] x = kernels.doubles(0);
            for (long s = 0; s < len; s += Kernels.CHUNK) {
                int n = (int) Math.min(Kernels.CHUNK, len - s);
                Kernels.read(xb, in, s, x, n);
                for (int i = 0; i < n; i++) {
                    x[i] = Kernels.gelu(x[i]);
                }
                Kernels.write(yb, out, s, x, n);
            }
        }
        return out;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        Kernels.requireContiguous(gradOut);
        INDArray gi = gradIn(gradOut);
        long len = gi.length();
        if (gi.dataType() == DataType.FLOAT) {
            FloatBuffer xb = Kernels.floatBuffer(input);
            FloatBuffer gb = Kernels.floatBuffer(gradOut);
            FloatBuffer db = Kernels.floatBuffer(gi);
            Parallel.run(Kernels.chunks(len), 4, (from, to, part) -> {
                float[] x = kernels.part(part).floats(0);
                float[] g = kernels.part(part).floats(1);
                float[] t = kernels.part(part).floats(2);
                for (long s = (long) from * Kernels.CHUNK; s < Math.min(len, (long) to * Kernels.CHUNK); s += Kernels.CHUNK) {
                    int n = (int) Math.min(Kernels.CHUNK, len - s);
                    Kernels.read(xb.duplicate(), input, s, x, n);
                    Kernels.read(gb.duplicate(), gradOut, s, g, n);
                    Kernels.geluBackward(x, g, t, n);
                    Kernels.write(db.duplicate(), gi, s, g, n);
                }
            });
        } else {
            DoubleBuffer xb = input.data().asNioDouble();
            DoubleBuffer gb = gradOut.data().asNioDouble();
            DoubleBuffer db = gi.data().asNioDouble();
            double[] x = kernels.doubles(0);
            double[] g = kernels.doubles(1);
            for (long s = 0; s < len; s += Kernels.CHUNK) {
                int n = (int) Math.min(Kernels.CHUNK, len - s);
                Kernels.read(xb, input, s, x, n);
                Kernels.read(gb, gradOut, s, g, n);
                for (int i = 0; i < n; i++) {
                    g[i] *= Kernels.geluDerivative(x[i]);
                }
                Kernels.write(db, gi, s, g, n);
            }
        }
        return gi;
    }
}
