package io.deepbootstrap.toolkit.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * libnd4j's {@code conv2d} / {@code conv2d_bp} (NHWC) run on slices of a few images at a time.
 *
 * <p>Why: libnd4j's oneDNN helper ({@code ops/declarable/platform/mkldnn/conv2d.cpp}) describes every tensor with
 * {@code format_tag::any}, so oneDNN picks its blocked layouts and libnd4j reorders input, weights, output gradient
 * and results into freshly allocated oneDNN memory on every call. Under the launcher's 4 MB
 * {@code MALLOC_MMAP_THRESHOLD_} each of those buffers of 4 MB or more is mapped, faulted in, zeroed and unmapped
 * per call. With slices of at most {@link #SLICE_BYTES} per tensor the buffers come from the malloc heap and are
 * reused: the 16- and 32-channel layers at 32x32 and 16x16 ran 1.3-2x faster (docs/PERFORMANCE.md, "Convolutions").
 *
 * <p>The slices' weight and bias gradients are summed in slice order (the first slice writes the destination, the
 * others a scratch buffer that is added), so results are deterministic for a given batch size.
 */
final class SlicedConv {
    /** Largest tensor slice per libnd4j call, in bytes, counting channels rounded up to oneDNN's blocks of 8. */
    static final long SLICE_BYTES = 1L << 20;

    private final int[] args;
    private final int images;

    /**
     * @param args libnd4j's integer arguments of {@code conv2d}
     * @param images images per call, >= 1
     */
    SlicedConv(int[] args, int images) {
        if (images < 1) {
            throw new IllegalArgumentException("images per convolution slice must be >= 1, got " + images);
        }
        this.args = args.clone();
        this.images = images;
    }

    /**
     * @param inShape per-example input {@code [h, w, c]}
     * @param outShape per-example output {@code [oh, ow, oc]}
     * @param dataType element type
     * @param maxBatch the largest batch
     * @return images per slice so that no input or output slice exceeds {@link #SLICE_BYTES} (at least 1)
     */
    static int imagesPerSlice(long[] inShape, long[] outShape, DataType dataType, int maxBatch) {
        long perImage = Math.max(inShape[0] * inShape[1] * roundUp8(inShape[2]), outShape[0] * outShape[1] * roundUp8(outShape[2]))
                * dataType.width();
        return (int) Math.max(1, Math.min(maxBatch, SLICE_BYTES / perImage));
    }

    private static long roundUp8(long c) {
        return (c + 7) / 8 * 8;
    }

    /** @return images {@code [from, to)} of {@code a} ({@code a} itself when that is all of it) */
    private static INDArray slice(INDArray a, long from, long to) {
        return from == 0 && to == a.size(0) ? a : a.get(NDArrayIndex.interval(from, to));
    }

    /**
     * {@code out = conv(in, weight) + bias}.
     *
     * @param in {@code [n, h, w, c]}
     * @param weight {@code [k, k, c, oc]}
     * @param bias {@code [oc]} or null
     * @param out {@code [n, oh, ow, oc]}
     */
    void forward(INDArray in, INDArray weight, INDArray bias, INDArray out) {
        long n = in.size(0);
        for (long from = 0; from < n; from += images) {
            long to = Math.min(n, from + images);
            INDArray x = slice(in, from, to);
            INDArray[] inputs = bias != null ? new INDArray[] {x, weight, bias} : new INDArray[] {x, weight};
            Ops.exec("conv2d", inputs, new INDArray[] {slice(out, from, to)}, args);
        }
    }

    /**
     * Writes the input, weight and (with a bias) bias gradients.
     *
     * @param in the forward input {@code [n, h, w, c]}
     * @param weight {@code [k, k, c, oc]}
     * @param bias {@code [oc]} or null
     * @param gradOut {@code [n, oh, ow, oc]}
     * @param gradIn destination {@code [n, h, w, c]}
     * @param gradWeight destination {@code [k, k, c, oc]}
     * @param gradBias destination {@code [oc]}, null without bias
     */
    void backward(INDArray in, INDArray weight, INDArray bias, INDArray gradOut, INDArray gradIn, INDArray gradWeight,
            INDArray gradBias) {
        long n = gradOut.size(0);
        boolean sliced = n > images;
        INDArray gw = sliced ? Scratch.borrow(gradWeight.dataType(), gradWeight.length()).reshape('c', gradWeight.shape()) : null;
        INDArray gb = sliced && bias != null ? Scratch.borrow(gradWeight.dataType(), gradBias.length()).reshape('c', gradBias.shape()) : null;
        try {
            for (long from = 0; from < n; from += images) {
                long to = Math.min(n, from + images);
                INDArray dw = from == 0 ? gradWeight : gw;
                INDArray db = from == 0 ? gradBias : gb;
                INDArray x = slice(in, from, to);
                INDArray g = slice(gradOut, from, to);
                INDArray gi = slice(gradIn, from, to);
                if (bias != null) {
                    Ops.exec("conv2d_bp", new INDArray[] {x, weight, bias, g}, new INDArray[] {gi, dw, db}, args);
                } else {
                    Ops.exec("conv2d_bp", new INDArray[] {x, weight, g}, new INDArray[] {gi, dw}, args);
                }
                if (from > 0) {
                    gradWeight.addi(gw);
                    if (bias != null) {
                        gradBias.addi(gb);
                    }
                }
            }
        } finally {
            if (gw != null) {
                Scratch.release(gw);
            }
            if (gb != null) {
                Scratch.release(gb);
            }
        }
    }
}
