package io.deepbootstrap.toolkit.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Small helpers for layers: running a libnd4j custom op by name with preallocated outputs, batch views of
 * buffers, and bulk copies between Java arrays and buffers.
 */
public final class Ops {
    private Ops() {
    }

    /**
     * Runs a libnd4j custom op, writing into the given outputs (no allocation of outputs).
     *
     * @param name op name, e.g. {@code conv2d}
     * @param inputs input arrays
     * @param outputs preallocated output arrays
     * @param intArgs integer arguments
     * @param floatArgs floating-point arguments
     */
    public static void exec(String name, INDArray[] inputs, INDArray[] outputs, int[] intArgs, double... floatArgs) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(name).addInputs(inputs).addOutputs(outputs);
        if (intArgs != null && intArgs.length > 0) {
            b.addIntegerArguments(intArgs);
        }
        if (floatArgs != null && floatArgs.length > 0) {
            Double[] d = new Double[floatArgs.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = floatArgs[i];
            }
            b.addFloatingPointArguments(d);
        }
        Nd4j.exec(b.build());
    }

    /**
     * Runs a libnd4j custom op that also takes boolean arguments.
     *
     * @param name op name
     * @param inputs input arrays
     * @param outputs preallocated output arrays
     * @param intArgs integer arguments
     * @param boolArgs boolean arguments
     */
    public static void exec(String name, INDArray[] inputs, INDArray[] outputs, int[] intArgs, boolean[] boolArgs) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(name).addInputs(inputs).addOutputs(outputs);
        if (intArgs != null && intArgs.length > 0) {
            b.addIntegerArguments(intArgs);
        }
        if (boolArgs != null && boolArgs.length > 0) {
            b.addBooleanArguments(boolArgs);
        }
        Nd4j.exec(b.build());
    }

    /**
     * @param full a buffer {@code [maxBatch, ...]} in C order
     * @param n rows wanted
     * @return a view of the first {@code n} examples (the buffer itself when {@code n} is its size)
     */
    public static INDArray rows(INDArray full, long n) {
        if (n == full.size(0)) {
            return full;
        }
        return full.get(NDArrayIndex.interval(0, n));
    }

    /**
     * @param shape per-example shape
     * @param n batch size
     * @return {@code [n, ...shape]}
     */
    public static long[] batchShape(long n, long[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    /** @return the product of the dimensions */
    public static long size(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /**
     * Copies {@code length} floats into the start of a C-order array whose data starts at its offset 0.
     *
     * @param dst destination (FLOAT or DOUBLE)
     * @param src source
     * @param length number of values
     */
    public static void put(INDArray dst, float[] src, int length) {
        if (dst.dataType() == DataType.FLOAT) {
            FloatBuffer fb = dst.data().asNioFloat();
            fb.position((int) dst.offset());
            fb.put(src, 0, length);
        } else {
            DoubleBuffer db = dst.data().asNioDouble();
            db.position((int) dst.offset());
            for (int i = 0; i < length; i++) {
                db.put(src[i]);
            }
        }
    }

    /**
     * Copies the first {@code length} values of a C-order contiguous array into a Java array.
     *
     * @param src source (FLOAT or DOUBLE)
     * @param dst destination
     * @param length number of values
     */
    public static void get(INDArray src, double[] dst, int length) {
        if (src.dataType() == DataType.FLOAT) {
            FloatBuffer fb = src.data().asNioFloat();
            fb.position((int) src.offset());
            for (int i = 0; i < length; i++) {
                dst[i] = fb.get();
            }
        } else {
            DoubleBuffer db = src.data().asNioDouble();
            db.position((int) src.offset());
            db.get(dst, 0, length);
        }
    }

    /**
     * Copies a Java array into the start of a C-order contiguous array.
     *
     * @param dst destination (FLOAT or DOUBLE)
     * @param src source
     * @param length number of values
     */
    public static void put(INDArray dst, double[] src, int length) {
        if (dst.dataType() == DataType.FLOAT) {
            FloatBuffer fb = dst.data().asNioFloat();
            fb.position((int) dst.offset());
            for (int i = 0; i < length; i++) {
                fb.put((float) src[i]);
            }
        } else {
            DoubleBuffer db = dst.data().asNioDouble();
            db.position((int) dst.offset());
            db.put(src, 0, length);
        }
    }
}
