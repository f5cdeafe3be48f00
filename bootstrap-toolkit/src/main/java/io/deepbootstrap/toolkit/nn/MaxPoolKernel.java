package io.deepbootstrap.toolkit.nn;

import java.nio.Buffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Backward pass of max pooling with non-overlapping {@code k x k} windows (stride = k, no padding) on C-order NHWC
 * arrays, as Java loops over one band of {@code k} input rows at a time: after the forward pass (libnd4j's
 * {@code maxpool2d}) each window's maximum position is recorded (one float per output value, the first maximum in
 * row-major window order; the output buffer may be overwritten by later layers before the backward pass); the
 * backward pass writes the output gradient to that position and zeros elsewhere. Input rows and columns that no
 * window covers (sizes not divisible by k) get zero gradient.
 *
 * <p>Works in double precision on FLOAT or DOUBLE arrays (comparisons of floats widened to double are exact). The
 * bands are split between threads by {@link Parallel} (each band is independent: the same results whatever the
 * split). One instance per layer; used by one thread at a time.
 */
final class MaxPoolKernel {
    private final int k;
    private final int h;
    private final int w;
    private final int c;
    private final int oh;
    private final int ow;
    private final int bandLength;
    private final int outRowLength;
    private final float[] argmax;
    /** Per-thread scratch ({@link Parallel} parts), allocated on first use. */
    private final Staging[] staging = new Staging[Parallel.MAX_PARTS];

    /** One thread's staging arrays: a band of input rows, one output row, the selected positions. */
    private static final class Staging {
        private final float[] floats;
        private final double[] band;
        private final double[] row;
        private final double[] selected;

        Staging(int bandLength, int outRowLength) {
            floats = new float[Math.max(bandLength, outRowLength)];
            band = new double[bandLength];
            row = new double[outRowLength];
            selected = new double[outRowLength];
        }
    }

    /**
     * @param k window size and stride
     * @param inShape per-example input {@code [h, w, c]}
     * @param outShape per-example output {@code [oh, ow, c]}
     * @param maxBatch the largest batch
     */
    MaxPoolKernel(int k, long[] inShape, long[] outShape, int maxBatch) {
        if (k < 1 || k * k > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("max-pool window " + k + " must be between 1 and 11");
        }
        this.k = k;
        h = Math.toIntExact(inShape[0]);
        w = Math.toIntExact(inShape[1]);
        c = Math.toIntExact(inShape[2]);
        oh = Math.toIntExact(outShape[0]);
        ow = Math.toIntExact(outShape[1]);
        bandLength = k * w * c;
        outRowLength = ow * c;
        argmax = new float[Math.toIntExact((long) maxBatch * oh * ow * c)];
    }

    private Staging staging(int part) {
        Staging s = staging[part];
        if (s == null) {
            s = new Staging(bandLength, outRowLength);
            staging[part] = s;
        }
        return s;
    }

    /**
     * Records where each window's maximum is, given the pooled output (libnd4j's {@code maxpool2d} of {@code in}):
     * the first position in row-major window order whose input equals the output.
     *
     * @param in {@code [n, h, w, c]}, contiguous
     * @param out its max pooling {@code [n, oh, ow, c]}, contiguous
     */
    void recordArgmax(INDArray in, INDArray out) {
        Kernels.requireContiguous(in);
        Kernels.requireContiguous(out);
        int bands = Math.toIntExact(in.size(0) * oh);
        Buffer inData = Kernels.nio(in);
        Buffer outData = Kernels.nio(out);
        Parallel.run(bands, 4, (from, to, part) -> {
            Staging s = staging(part);
            for (int b = from; b < to; b++) {
                recordBand(inData, in, outData, out, b, s);
            }
        });
    }

    /** {@link #recordArgmax} of band {@code b} (image {@code b / oh}, output row {@code b % oh}). */
    private void recordBand(Buffer inData, INDArray in, Buffer outData, INDArray out, int b, Staging s) {
        int rowStride = w * c;
        int last = k * k - 1;
        long img = b / oh;
        int oy = b % oh;
        double[] band = s.band;
        double[] row = s.row;
        double[] selected = s.selected;
        Kernels.read(inData, in, (img * h + (long) oy * k) * rowStride, band, bandLength, s.floats);
        Kernels.read(outData, out, (long) b * outRowLength, row, outRowLength, s.floats);
        int a = Math.toIntExact((long) b * outRowLength);
        for (int ox = 0; ox < ow; ox++) {
            int o = ox * c;
            java.util.Arrays.fill(selected, o, o + c, last);
            // positions in reverse order, so that the first maximum is the one that stays; branch-free so
            // that the loop vectorises: max - v is 0 at a maximum and >= 4.9e-324 elsewhere, so
            // min(1, (max - v) * 1e300 * 1e300) is 0 there and 1 elsewhere
            for (int pos = last; pos >= 0; pos--) {
                int ky = pos / k;
                int at = ky * rowStride + (ox * k + pos - ky * k) * c;
                for (int ch = 0; ch < c; ch++) {
                    double other = Math.min(1.0, (row[o + ch] - band[at + ch]) * 1e300 * 1e300);
                    selected[o + ch] = selected[o + ch] * other + pos * (1 - other);
                }
            }
        }
        for (int i = 0; i < outRowLength; i++) {
            argmax[a + i] = (float) selected[i];
        }
    }

    /**
     * @param gradOut {@code [n, oh, ow, c]}, contiguous, of the batch of the last {@link #forward}
     * @param gradIn destination {@code [n, h, w, c]}, contiguous
     */
    void backward(INDArray gradOut, INDArray gradIn) {
        Kernels.requireContiguous(gradOut);
        Kernels.requireContiguous(gradIn);
        int bands = Math.toIntExact(gradOut.size(0) * oh);
        Buffer gData = Kernels.nio(gradOut);
        Buffer giData = Kernels.nio(gradIn);
        if (oh * k < h) {
            gradIn.assign(0); // rows below the last window
        }
        Parallel.run(bands, 4, (from, to, part) -> {
            Staging s = staging(part);
            for (int b = from; b < to; b++) {
                backwardBand(gData, gradOut, giData, gradIn, b, s);
            }
        });
    }

    /** {@link #backward} of band {@code b} (image {@code b / oh}, output row {@code b % oh}). */
    private void backwardBand(Buffer gData, INDArray gradOut, Buffer giData, INDArray gradIn, int b, Staging s) {
        int rowStride = w * c;
        long img = b / oh;
        int oy = b % oh;
        double[] band = s.band;
        double[] row = s.row;
        Kernels.read(gData, gradOut, (long) b * outRowLength, row, outRowLength, s.floats);
        java.util.Arrays.fill(band, 0);
        int a = Math.toIntExact((long) b * outRowLength);
        for (int ox = 0; ox < ow; ox++) {
            int o = ox * c;
            for (int ch = 0; ch < c; ch++) {
                int pos = (int) argmax[a + o + ch];
                int ky = pos / k;
                int kx = pos - ky * k;
                band[ky * rowStride + (ox * k + kx) * c + ch] = row[o + ch];
            }
        }
        Kernels.write(giData, gradIn, (img * h + (long) oy * k) * rowStride, band, bandLength, s.floats);
    }
}
