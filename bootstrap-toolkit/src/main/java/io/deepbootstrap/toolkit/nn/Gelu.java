package io.deepbootstrap.toolkit.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * GELU, tanh form ({@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, PyTorch's
 * {@code approximate='tanh'}), with its exact derivative. Computed in a Java loop over the native buffers
 * (libnd4j's GELU derivative ops are approximations of the derivative of their forward op, off by up to
 * 1e-3 relative).
 */
public final class Gelu extends AbstractLayer {
    private static final double A = Math.sqrt(2 / Math.PI);
    private static final double B = 0.044715;

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
        input = in;
        INDArray out = out(in);
        int len = (int) in.length();
        if (in.dataType() == DataType.FLOAT) {
            FloatBuffer x = in.data().asNioFloat();
            FloatBuffer y = out.data().asNioFloat();
            for (int i = 0; i < len; i++) {
                double v = x.get(i);
                y.put(i, (float) (0.5 * v * (1 + Math.tanh(A * (v + B * v * v * v)))));
            }
        } else {
            DoubleBuffer x = in.data().asNioDouble();
            DoubleBuffer y = out.data().asNioDouble();
            for (int i = 0; i < len; i++) {
                double v = x.get(i);
                y.put(i, 0.5 * v * (1 + Math.tanh(A * (v + B * v * v * v))));
            }
        }
        return out;
    }

    private static double derivative(double v) {
        double t = Math.tanh(A * (v + B * v * v * v));
        return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * A * (1 + 3 * B * v * v);
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        INDArray gi = gradIn(gradOut);
        int len = (int) gi.length();
        if (gi.dataType() == DataType.FLOAT) {
            FloatBuffer x = input.data().asNioFloat();
            FloatBuffer g = gradOut.data().asNioFloat();
            FloatBuffer d = gi.data().asNioFloat();
            for (int i = 0; i < len; i++) {
                d.put(i, (float) (g.get(i) * derivative(x.get(i))));
            }
        } else {
            DoubleBuffer x = input.data().asNioDouble();
            DoubleBuffer g = gradOut.data().asNioDouble();
            DoubleBuffer d = gi.data().asNioDouble();
            for (int i = 0; i < len; i++) {
                d.put(i, g.get(i) * derivative(x.get(i)));
            }
        }
        return gi;
    }
}
