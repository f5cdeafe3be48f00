package io.deepbootstrap.toolkit.nn;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
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
 * <p>With two or more native threads the slices run concurrently on {@link Parallel}'s threads, each libnd4j call on
 * one OpenMP thread: a call on a few images leaves oneDNN too little work to split, and its per-call set-up is serial
 * (docs/PERFORMANCE.md, "Two threads: thread pools and Java loops"). Each slice is computed exactly as with one
 * thread, whichever thread runs it. The slices' weight and bias gradients are summed in slice order (the first slice
 * writes the destination, each other slice its own row of a scratch buffer, added afterwards in order), so results
 * are deterministic for a given batch size and the same with one and two threads.
 * {@code -Dbootstrap.conv.concurrent=false} runs the slices one after another on all threads instead.
 */
final class SlicedConv {
    /** Largest tensor slice per libnd4j call, in bytes, counting channels rounded up to oneDNN's blocks of 8. */
    static final long SLICE_BYTES = 1L << 20;

    /** Whether slices may run concurrently ({@code -Dbootstrap.conv.concurrent=false}: no). */
    private static final boolean CONCURRENT = !"false".equalsIgnoreCase(System.getProperty("bootstrap.conv.concurrent"));

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
        int slices = Math.toIntExact((n + images - 1) / images);
        concurrently(slices, (from, to, part) -> {
            for (int s = from; s < to; s++) {
                long a = (long) s * images;
                long b = Math.min(n, a + images);
                INDArray x = slice(in, a, b);
                INDArray[] inputs = bias != null ? new INDArray[] {x, weight, bias} : new INDArray[] {x, weight};
                Ops.exec("conv2d", inputs, new INDArray[] {slice(out, a, b)}, args);
            }
        });
    }

    /** Slices on the threads of {@link Parallel}, each libnd4j call on one OpenMP thread (when more than one slice). */
    private static void concurrently(int slices, Parallel.Range body) {
        int threads = Nd4jRuntime.threads();
        if (!CONCURRENT || slices < 2 || threads < 2) {
            body.run(0, slices, 0);
            return;
        }
        Parallel.run(slices, 1, (from, to, part) -> Nd4jRuntime.onOneOmpThreadHere(() -> body.run(from, to, part)));
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
        int slices = Math.toIntExact((n + images - 1) / images);
        // slice s > 0 writes its weight and bias gradients into scratch row s - 1; the rows are added in slice order
        INDArray gw = slices > 1 ? Scratch.borrow(gradWeight.dataType(), (slices - 1) * gradWeight.length()) : null;
        INDArray gb = slices > 1 && bias != null ? Scratch.borrow(gradWeight.dataType(), (slices - 1) * gradBias.length()) : null;
        try {
            concurrently(slices, (from, to, part) -> {
                for (int s = from; s < to; s++) {
                    long a = (long) s * images;
                    long b = Math.min(n, a + images);
                    INDArray dw = s == 0 ? gradWeight : row(gw, s - 1, gradWeight);
                    INDArray db = s == 0 ? gradBias : bias == null ? null : row(gb, s - 1, gradBias);
                    INDArray x = slice(in, a, b);
                    INDArray g = slice(gradOut, a, b);
                    INDArray gi = slice(gradIn, a, b);
                    if (bias != null) {
                        Ops.exec("conv2d_bp", new INDArray[] {x, weight, bias, g}, new INDArray[] {gi, dw, db}, args);
                    } else {
                        Ops.exec("conv2d_bp", new INDArray[] {x, weight, g}, new INDArray[] {gi, dw}, args);
                    }
                }
            });
            for (int s = 1; s < slices; s++) {
                gradWeight.addi(row(gw, s - 1, gradWeight));
                if (bias != null) {
                    gradBias.addi(row(gb, s - 1, gradBias));
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

    /** @return row {@code r} of a flat scratch buffer, shaped like {@code like} */
    private static INDArray row(INDArray flat, int r, INDArray like) {
        long len = like.length();
        return flat.get(NDArrayIndex.interval((long) r * len, (long) (r + 1) * len)).reshape('c', like.shape());
    }
}
