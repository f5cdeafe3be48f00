package io.deepbootstrap.toolkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Backward pass of a stride-1, "same"-padded convolution with an odd square kernel on NHWC arrays, built from
 * the two fastest primitives available: BLAS gemm and the forward convolution.
 *
 * <p><b>Weight gradient</b> {@code dW[kh, kw] = sum over (n, y, x) of Xpad[n, y + kh, x + kw]^T dY[n, y, x]}: the
 * input is copied into a zero-padded buffer {@code [n, h + 2p, w + 2p, c]} (plus a margin of {@code p} padded rows
 * and {@code p} positions before and after) and the output gradient into one of the same padded layout. Flattened
 * to rows, the input entries that meet a given output position for kernel offset {@code (kh, kw)} are those of
 * the same row shifted by the constant {@code (kh - p) (w + 2p) + (kw - p)} rows, and the output gradient is zero
 * on the padding rows; so each kernel position is one gemm {@code [c, R] x [R, outC]} over a contiguous row range
 * (R = number of padded positions), with no im2col copy.
 *
 * <p><b>Input gradient</b>: the transposed convolution of stride 1 is the forward convolution of {@code dY} with
 * the kernel flipped in both spatial directions and its channel axes swapped,
 * {@code W'[kh, kw, o, i] = W[k-1-kh, k-1-kw, i, o]}.
 *
 * <p>Why: libnd4j's {@code conv2d_bp} lets oneDNN pick Winograd for the data gradient, which was 10-40x slower
 * than the forward convolution at 32x32 and batch 128 on the machines measured (docs/PERFORMANCE.md).
 */
final class ShiftedConvGrad {
    private final int kernel;
    private final int pad;
    private final int[] forwardArgs;

    /**
     * @param kernel odd kernel size
     */
    ShiftedConvGrad(int kernel) {
        if (kernel % 2 == 0) {
            throw new IllegalArgumentException("shifted convolution gradients need an odd kernel, got " + kernel);
        }
        this.kernel = kernel;
        this.pad = (kernel - 1) / 2;
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, NHWC, weights [kH, kW, iC, oC]
        this.forwardArgs = new int[] {kernel, kernel, 1, 1, 0, 0, 1, 1, 1, 1, 0};
    }

    /**
     * Writes the weight gradient.
     *
     * @param input the layer's input {@code [n, h, w, c]}
     * @param gradOut {@code [n, h, w, outC]}
     * @param gradWeight destination {@code [k, k, c, outC]}, C order, contiguous
     */
    void weightGradient(INDArray input, INDArray gradOut, INDArray gradWeight) {
        long n = input.size(0);
        long h = input.size(1);
        long w = input.size(2);
        long c = input.size(3);
        long oc = gradOut.size(3);
        long hp = h + 2L * pad;
        long wp = w + 2L * pad;
        long rows = n * hp * wp;
        long margin = pad * wp + pad;
        INDArray xp = Scratch.borrow(input.dataType(), (rows + 2 * margin) * c).reshape('c', rows + 2 * margin, c);
        INDArray gp = Scratch.borrow(input.dataType(), rows * oc).reshape('c', rows, oc);
        // computed into a fresh buffer and copied: ND4J 1.0.0-M2.1 returns an empty array for some row-range views
        // of views that start at an offset (as the parameter gradients in the flat vector do)
        INDArray gw = Scratch.borrow(input.dataType(), (long) kernel * kernel * c * oc).reshape('c', (long) kernel * kernel * c, oc);
        try {
            INDArray xPadded = xp.get(NDArrayIndex.interval(margin, margin + rows), NDArrayIndex.all()).reshape('c', n, hp, wp, c);
            zeroBorder(xPadded, h, w);
            xp.get(NDArrayIndex.interval(0, margin), NDArrayIndex.all()).assign(0);
            xp.get(NDArrayIndex.interval(margin + rows, rows + 2 * margin), NDArrayIndex.all()).assign(0);
            interior(xPadded, h, w).assign(input);
            INDArray gPadded = gp.reshape('c', n, hp, wp, oc);
            zeroBorder(gPadded, h, w);
            interior(gPadded, h, w).assign(gradOut);
            for (int kh = 0; kh < kernel; kh++) {
                for (int kw = 0; kw < kernel; kw++) {
                    long offset = margin + (long) (kh - pad) * wp + (kw - pad);
                    INDArray a = xp.get(NDArrayIndex.interval(offset, offset + rows), NDArrayIndex.all());
                    long first = ((long) kh * kernel + kw) * c;
                    INDArray dst = gw.get(NDArrayIndex.interval(first, first + c), NDArrayIndex.all());
                    Blas.gemm(a, gp, dst, true, false, 1.0, 0.0);
                }
            }
            gradWeight.assign(gw.reshape('c', kernel, kernel, c, oc));
        } finally {
            Scratch.release(xp);
            Scratch.release(gp);
            Scratch.release(gw);
        }
    }

    /**
     * Writes the input gradient.
     *
     * @param weight {@code [k, k, c, outC]}
     * @param flipped scratch for the flipped kernel {@code [k, k, outC, c]}
     * @param gradOut {@code [n, h, w, outC]}
     * @param gradIn destination {@code [n, h, w, c]}
     */
    void inputGradient(INDArray weight, INDArray flipped, INDArray gradOut, INDArray gradIn) {
        flip(weight, flipped);
        Ops.exec("conv2d", new INDArray[] {gradOut, flipped}, new INDArray[] {gradIn}, forwardArgs);
    }

    /**
     * {@code flipped[kh, kw] = weight[k-1-kh, k-1-kw]^T}: the transposed kernel is copied into a scratch buffer
     * (the weight is a view into the flat parameter vector, and ND4J 1.0.0-M2.1 returns empty arrays for point
     * views of such views), then each kernel position into its mirrored place. Not libnd4j's {@code reverse} op:
     * in 1.0.0-M2.1 each call of it leaks native memory (about five times the kernel's size, freed neither on
     * close nor by the garbage collector), which grew a width-64 mcnn by ~30 MB per training step until the
     * process died with an OutOfMemoryError at 10 GB.
     */
    private void flip(INDArray weight, INDArray flipped) {
        INDArray t = Scratch.borrow(flipped.dataType(), flipped.length()).reshape('c', flipped.shape());
        try {
            t.assign(weight.permute(0, 1, 3, 2));
            INDArrayIndex all = NDArrayIndex.all();
            for (int kh = 0; kh < kernel; kh++) {
                for (int kw = 0; kw < kernel; kw++) {
                    flipped.get(NDArrayIndex.point(kh), NDArrayIndex.point(kw), all, all)
                            .assign(t.get(NDArrayIndex.point(kernel - 1 - kh), NDArrayIndex.point(kernel - 1 - kw), all, all));
                }
            }
        } finally {
            Scratch.release(t);
        }
    }

    private INDArray interior(INDArray padded, long h, long w) {
        return padded.get(NDArrayIndex.all(), NDArrayIndex.interval(pad, pad + h), NDArrayIndex.interval(pad, pad + w),
                NDArrayIndex.all());
    }

    private void zeroBorder(INDArray padded, long h, long w) {
        if (pad == 0) {
            return;
        }
        long hp = h + 2L * pad;
        long wp = w + 2L * pad;
        INDArrayIndex all = NDArrayIndex.all();
        padded.get(all, NDArrayIndex.interval(0, pad), all, all).assign(0);
        padded.get(all, NDArrayIndex.interval(hp - pad, hp), all, all).assign(0);
        padded.get(all, NDArrayIndex.interval(pad, hp - pad), NDArrayIndex.interval(0, pad), all).assign(0);
        padded.get(all, NDArrayIndex.interval(pad, hp - pad), NDArrayIndex.interval(wp - pad, wp), all).assign(0);
    }
}
