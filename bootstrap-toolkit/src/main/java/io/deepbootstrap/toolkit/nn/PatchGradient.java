package io.deepbootstrap.toolkit.nn;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weight gradient of an NHWC convolution as one gemm over the whole batch, {@code dW = P^T dY}, where
 * {@code P [n * oh * ow, k * k * c]} is the input's patch matrix ("im2col"; column {@code (kh * k + kw) * c + ci},
 * the row order of the weight {@code [k, k, c, oc]} read as a matrix) and {@code dY [n * oh * ow, oc]} the output
 * gradient.
 *
 * <p>Used for convolutions whose input gradient is not needed (a network's first layer) and whose patches are
 * narrow (few input channels): libnd4j's {@code conv2d_bp} always computes the input gradient too and, for one
 * input channel at 28x28 and batch 64, took 15.0 ms where this takes a few (docs/PERFORMANCE.md, "End to end").
 *
 * <p>The patch matrix is gathered image by image in Java: for a given output position and kernel row the
 * {@code k} kernel columns read {@code k * c} consecutive input values (at any stride), so each is one array
 * copy, clipped at the borders where the padding contributes zeros. Works on FLOAT and DOUBLE arrays; one
 * instance per layer, used by one thread at a time.
 */
final class PatchGradient {
    /** Widest patch row ({@code k * k * c}) this is used for: a first layer's few input channels. */
    static final int MAX_PATCH = 64;

    private final int kernel;
    private final int stride;
    private final int padTop;
    private final int padLeft;
    private final int h;
    private final int w;
    private final int c;
    private final int oh;
    private final int ow;
    private final int patch;
    private Object image;
    private Object rows;
    private Object zeros;

    /**
     * @param kernel kernel height and width
     * @param stride stride in both directions
     * @param same "same" padding (libnd4j's: {@code ((o - 1) * s + k - i) / 2} before), else none
     * @param inShape per-example input {@code [h, w, c]}
     * @param outShape per-example output {@code [oh, ow, oc]}
     */
    PatchGradient(int kernel, int stride, boolean same, long[] inShape, long[] outShape) {
        this.kernel = kernel;
        this.stride = stride;
        h = Math.toIntExact(inShape[0]);
        w = Math.toIntExact(inShape[1]);
        c = Math.toIntExact(inShape[2]);
        oh = Math.toIntExact(outShape[0]);
        ow = Math.toIntExact(outShape[1]);
        padTop = same ? Math.max(0, ((oh - 1) * stride + kernel - h) / 2) : 0;
        padLeft = same ? Math.max(0, ((ow - 1) * stride + kernel - w) / 2) : 0;
        patch = kernel * kernel * c;
    }

    /**
     * @param kernel kernel size
     * @param inChannels input channels
     * @return whether the patch rows are narrow enough for this path
     */
    static boolean suits(int kernel, long inChannels) {
        return (long) kernel * kernel * inChannels <= MAX_PATCH;
    }

    /**
     * Writes {@code gradWeight = P(input)^T gradOut}.
     *
     * @param input the layer's input {@code [n, h, w, c]}, C-order contiguous
     * @param gradOut the output gradient as a matrix {@code [n * oh * ow, oc]}
     * @param gradWeight destination {@code [k * k * c, oc]}
     */
    void weightGradient(INDArray input, INDArray gradOut, INDArray gradWeight) {
        long n = input.size(0);
        long count = n * oh * ow;
        INDArray p = Scratch.borrow(input.dataType(), count * patch).reshape('c', count, patch);
        try {
            gather(input, p);
            Blas.gemm(p, gradOut, gradWeight, true, false, 1.0, 0.0);
        } finally {
            Scratch.release(p);
        }
    }

    /**
     * Writes the patch matrix of {@code x}.
     *
     * @param x {@code [n, h, w, c]}, C-order contiguous
     * @param dst {@code [n * oh * ow, k * k * c]}, C-order contiguous
     */
    void gather(INDArray x, INDArray dst) {
        Kernels.requireContiguous(x);
        Kernels.requireContiguous(dst);
        staging(x.dataType());
        Buffer in = Kernels.nio(x);
        Buffer out = Kernels.nio(dst);
        int imageLength = h * w * c;
        int rowsLength = oh * ow * patch;
        long n = x.size(0);
        for (long i = 0; i < n; i++) {
            get(in, Math.toIntExact(x.offset() + i * imageLength), image, imageLength);
            gatherImage();
            put(out, Math.toIntExact(dst.offset() + i * rowsLength), rows, rowsLength);
        }
    }

    /** One image's patch rows from {@link #image} into {@link #rows}. */
    private void gatherImage() {
        int run = kernel * c;
        int r = 0;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int x0 = ox * stride - padLeft;
                int lo = Math.max(0, -x0);
                int hi = Math.min(kernel, w - x0);
                for (int kh = 0; kh < kernel; kh++, r += run) {
                    int y = oy * stride - padTop + kh;
                    if (y < 0 || y >= h || hi <= lo) {
                        System.arraycopy(zeros, 0, rows, r, run);
                        continue;
                    }
                    if (lo > 0) {
                        System.arraycopy(zeros, 0, rows, r, lo * c);
                    }
                    System.arraycopy(image, (y * w + x0 + lo) * c, rows, r + lo * c, (hi - lo) * c);
                    if (hi < kernel) {
                        System.arraycopy(zeros, 0, rows, r + hi * c, (kernel - hi) * c);
                    }
                }
            }
        }
    }

    private void staging(DataType type) {
        boolean dbl = type == DataType.DOUBLE;
        if (image == null || (image instanceof double[]) != dbl) {
            int imageLength = h * w * c;
            int rowsLength = oh * ow * patch;
            image = dbl ? new double[imageLength] : new float[imageLength];
            rows = dbl ? new double[rowsLength] : new float[rowsLength];
            zeros = dbl ? new double[kernel * c] : new float[kernel * c];
        }
    }

    private static void get(Buffer b, int from, Object dst, int len) {
        if (b instanceof FloatBuffer f) {
            f.get(from, (float[]) dst, 0, len);
        } else {
            ((DoubleBuffer) b).get(from, (double[]) dst, 0, len);
        }
    }

    private static void put(Buffer b, int to, Object src, int len) {
        if (b instanceof FloatBuffer f) {
            f.put(to, (float[]) src, 0, len);
        } else {
            ((DoubleBuffer) b).put(to, (double[]) src, 0, len);
        }
    }
}
