package io.deepbootstrap.toolkit.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * 2-D convolution on NHWC inputs. Square kernel, dilation 1, "same" padding (output size ceil(in / stride)) or
 * "valid". Parameters: {@code weight [k, k, inChannels, outChannels]} (uniform ±1/sqrt(k*k*in)) and
 * {@code bias [outChannels]} (zeros) unless built without bias.
 *
 * <p>On the CPU backend in float32, every convolution except patch projections (kernel = stride > 1) runs on
 * oneDNN's primitives called directly ({@link DnnlConv}: primitives kept per batch size, NHWC tensors used in place,
 * no input gradient for a first layer): 1.3-1.5x faster forward and 2-4x faster backward than libnd4j's ops
 * (docs/PERFORMANCE.md, "Direct oneDNN convolutions"). {@code -Dbootstrap.conv.dnnl=false} turns that off. Otherwise
 * (float64, other backends, or turned off) three implementations, chosen in {@link #build} from the geometry (all
 * compute the same function):
 * <ul>
 *   <li>kernels that never overlap and need no padding (1x1 kernels at any stride, patch projections with
 *       kernel = stride): the input's patches are gathered into a matrix (no copy for 1x1, stride 1) and both
 *       passes are BLAS gemms;</li>
 *   <li>stride 1, "same" padding, odd kernel, on CPUs with AVX-512: libnd4j's {@code conv2d} (oneDNN) forward; the
 *       backward pass is {@link ShiftedConvGrad} (gemms for the weight gradient, a forward convolution with the
 *       flipped kernel for the input gradient), which skips the input gradient when it is not needed;</li>
 *   <li>anything else (e.g. 3x3 stride 2, every 3x3 kernel on AVX2): libnd4j's {@code conv2d} / {@code conv2d_bp};
 *       when no input gradient is needed (a first layer) and the input has few channels, the weight gradient is
 *       one gemm over the patch matrix instead ({@link PatchGradient}: {@code conv2d_bp} always computes the input
 *       gradient too).</li>
 * </ul>
 *
 * <p>libnd4j's oneDNN helper reorders every tensor into freshly allocated oneDNN memory on every call; under the
 * launcher's 4 MB {@code MALLOC_MMAP_THRESHOLD_} each of those buffers of 4 MB and more is mapped, faulted in and
 * unmapped per call. The libnd4j calls therefore run on slices of a few images ({@link SlicedConv}).
 */
public final class Conv2d extends AbstractLayer {
    private enum Path { GEMM, SHIFTED, LIBND4J, DNNL }

    /** Whether the CPU has AVX-512 (where the shifted backward pass was measured faster than {@code conv2d_bp}). */
    private static final boolean AVX512 = cpuHasAvx512();

    private final int channels;
    private final int kernel;
    private final int stride;
    private final boolean same;
    private final boolean withBias;
    private Param weight;
    private Param bias;
    private int[] args;
    private Path path;
    private Boolean shiftedOverride;
    private ShiftedConvGrad shifted;
    private INDArray flipped;
    private INDArray patches;
    private SlicedConv libnd4j;
    private PatchGradient patchGradient;
    private Boolean patchOverride;
    private Integer chunkOverride;
    private Boolean dnnlOverride;
    private DnnlConv dnnl;

    /**
     * @param channels output channels
     * @param kernel kernel height and width
     * @param stride stride in both directions
     * @param samePadding true for "same" padding, false for "valid" (no padding)
     * @param withBias whether the layer has a bias (false before batch norm)
     */
    public Conv2d(int channels, int kernel, int stride, boolean samePadding, boolean withBias) {
        if (channels < 1 || kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("conv2d channels, kernel and stride must be >= 1, got "
                    + channels + ", " + kernel + ", " + stride);
        }
        this.channels = channels;
        this.kernel = kernel;
        this.stride = stride;
        this.same = samePadding;
        this.withBias = withBias;
    }

    /**
     * @param channels output channels
     * @param kernel kernel size
     * @return a stride-1, same-padded convolution with bias
     */
    public static Conv2d same(int channels, int kernel) {
        return new Conv2d(channels, kernel, 1, true, true);
    }

    @Override
    public String name() {
        return "conv2d";
    }

    @Override
    public long[] build(long[] inputShape) {
        requireRank("conv2d", inputShape, 3);
        inShape = inputShape.clone();
        long h = inShape[0];
        long w = inShape[1];
        long oh = same ? (h + stride - 1) / stride : (h - kernel) / stride + 1;
        long ow = same ? (w + stride - 1) / stride : (w - kernel) / stride + 1;
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("conv2d kernel " + kernel + " does not fit input " + h + "x" + w);
        }
        outShape = new long[] {oh, ow, channels};
        long fanIn = (long) kernel * kernel * inShape[2];
        weight = new Param("weight", new long[] {kernel, kernel, inShape[2], channels}, Param.Init.fanInUniform(fanIn));
        bias = withBias ? new Param("bias", new long[] {channels}, Param.Init.zeros()) : null;
        // kH, kW, sH, sW, pH, pW, dH, dW, paddingMode (1 = same), dataFormat (1 = NHWC), weightsFormat (0 = [kH,kW,iC,oC])
        args = new int[] {kernel, kernel, stride, stride, 0, 0, 1, 1, same ? 1 : 0, 1, 0};
        boolean patchwise = kernel == 1 || (kernel == stride && !same && h % kernel == 0 && w % kernel == 0);
        // stride 1, "same", odd kernel: the shifted backward pass where libnd4j's conv2d_bp is slow, i.e. (measured
        // on AVX-512 with oneDNN 2.3, docs/PERFORMANCE.md) at 32x32 and larger maps and for large layers; decided
        // in allocate (it depends on the batch size), fixed for the layer's life so that results are reproducible
        boolean shiftable = stride == 1 && same && kernel % 2 == 1;
        path = patchwise ? Path.GEMM : shiftable ? Path.SHIFTED : Path.LIBND4J;
        shifted = path == Path.SHIFTED ? new ShiftedConvGrad(kernel) : null;
        return outShape.clone();
    }

    @Override
    public List<Param> params() {
        return withBias ? List.of(weight, bias) : List.of(weight);
    }

    @Override
    public void allocate(int maxBatch, DataType dataType) {
        super.allocate(maxBatch, dataType);
        boolean patchProjection = kernel > 1 && path == Path.GEMM;
        if (!patchProjection && DnnlConv.usable(dataType) && (dnnlOverride == null || dnnlOverride)) {
            path = Path.DNNL;
            dnnl = new DnnlConv(inShape, outShape, kernel, stride, same, withBias);
        }
        if (path == Path.SHIFTED && !(shiftedOverride != null ? shiftedOverride : shiftedIsFaster(maxBatch))) {
            path = Path.LIBND4J;
        }
        libnd4j = new SlicedConv(args, chunkOverride != null ? chunkOverride
                : SlicedConv.imagesPerSlice(inShape, outShape, dataType, maxBatch));
        boolean patchwiseGradient = patchOverride != null ? patchOverride : PatchGradient.suits(kernel, inShape[2]);
        patchGradient = path == Path.LIBND4J && patchwiseGradient
                ? new PatchGradient(kernel, stride, same, inShape, outShape) : null;
        if (path == Path.SHIFTED) {
            flipped = Nd4j.create(dataType, new long[] {kernel, kernel, channels, inShape[2]}, 'c');
        } else if (path == Path.GEMM && !(kernel == 1 && stride == 1)) {
            patches = Nd4j.create(dataType, new long[] {maxBatch * outShape[0] * outShape[1], (long) kernel * kernel * inShape[2]}, 'c');
        }
    }

    /**
     * Where the shifted backward pass beats libnd4j's {@code conv2d_bp} (CPU time at batch 128, one thread): maps of
     * 32x32 and more (conv2d_bp 5-30x the forward time there) and layers of 4 GFLOP and more per batch (3-10x);
     * elsewhere {@code conv2d_bp} costs 1.2-2x the forward time and the shifted pass 2-3x.
     */
    private boolean shiftedIsFaster(int maxBatch) {
        if (!AVX512) {
            return false; // AVX2 (docs/PERFORMANCE.md, "Convolutions"): conv2d_bp as fast or faster at every size measured
        }
        double flops = 2.0 * maxBatch * outShape[0] * outShape[1] * channels * inShape[2] * kernel * kernel;
        return inShape[0] * inShape[1] >= 1024 || flops >= 4e9;
    }

    /**
     * For tests: whether a stride-1 "same" convolution with an odd kernel uses the shifted backward pass whatever
     * its size (true) or libnd4j's (false). Call before the network is built.
     *
     * @param shifted the choice
     * @return this layer
     */
    Conv2d shiftedBackward(boolean shifted) {
        shiftedOverride = shifted;
        return this;
    }

    /**
     * For tests: whether a layer on libnd4j's path computes its weight gradient alone, when no input gradient is
     * needed, as one gemm over the patch matrix ({@link PatchGradient}) whatever its width (true) or always with
     * {@code conv2d_bp} (false). Call before the network is built.
     *
     * @param patchwise the choice
     * @return this layer
     */
    Conv2d patchGradient(boolean patchwise) {
        patchOverride = patchwise;
        return this;
    }

    /**
     * For tests: whether the layer uses oneDNN directly ({@link DnnlConv}) where it can (true, the default) or never
     * (false). Call before the network is built.
     *
     * @param direct the choice
     * @return this layer
     */
    Conv2d directOneDnn(boolean direct) {
        dnnlOverride = direct;
        return this;
    }

    /**
     * For tests: how many images each libnd4j call processes (instead of the size-derived default). Call before the
     * network is built.
     *
     * @param images images per slice
     * @return this layer
     */
    Conv2d chunkImages(int images) {
        chunkOverride = images;
        return this;
    }

    private static boolean cpuHasAvx512() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo")).contains(" avx512f");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private INDArray weightMatrix(INDArray w) {
        return w.reshape('c', (long) kernel * kernel * inShape[2], channels);
    }

    /** @return a view of {@code x} with the layout of the patch matrix: {@code [n, oh, ow, k, k, c]} or {@code [n, oh, ow, c]} */
    private INDArray patchView(INDArray x) {
        long n = x.size(0);
        if (kernel == 1) {
            return x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, stride, inShape[0]),
                    NDArrayIndex.interval(0, stride, inShape[1]), NDArrayIndex.all());
        }
        return x.reshape('c', n, outShape[0], kernel, outShape[1], kernel, inShape[2]).permute(0, 1, 3, 2, 4, 5);
    }

    /** @return the patch matrix {@code [n * oh * ow, k * k * c]} of {@code x} (x itself for 1x1 stride 1) */
    private INDArray gatherPatches(INDArray x) {
        long n = x.size(0);
        long rows = n * outShape[0] * outShape[1];
        if (patches == null) {
            return x.reshape('c', rows, inShape[2]);
        }
        INDArray p = Ops.rows(patches, rows);
        long[] viewShape = kernel == 1 ? new long[] {n, outShape[0], outShape[1], inShape[2]}
                : new long[] {n, outShape[0], outShape[1], kernel, kernel, inShape[2]};
        p.reshape('c', viewShape).assign(patchView(x));
        return p;
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        input = in;
        INDArray out = out(in);
        if (path == Path.GEMM) {
            INDArray o = out.reshape('c', out.length() / channels, channels);
            Blas.gemm(gatherPatches(in), weightMatrix(weight.value()), o, false, false, 1.0, 0.0);
            if (withBias) {
                o.addiRowVector(bias.value());
            }
            return out;
        }
        if (path == Path.DNNL && Kernels.isContiguous(in)) {
            dnnl.forward(in, weight.value(), withBias ? bias.value() : null, out);
            return out;
        }
        libnd4j.forward(in, weight.value(), withBias ? bias.value() : null, out);
        return out;
    }

    /**
     * @param in the input of an inference pass
     * @return whether {@link #inferenceFused} can run on it (oneDNN's direct path, contiguous input)
     */
    boolean fusable(INDArray in) {
        return path == Path.DNNL && Kernels.isContiguous(in);
    }

    /**
     * An inference pass with a fused epilogue ({@link DnnlConv#inference}): {@code relu?(conv(in) * scale + shift)},
     * written into {@code out} or added to its contents. Only where {@link #fusable} says so.
     *
     * @param in {@code [n, h, w, c]}, C-order contiguous
     * @param scale per-output-channel factors ({@code [channels]}, e.g. a following batch norm folded), or null
     * @param shift per-output-channel addends, or null (with {@code scale})
     * @param relu whether to clamp at zero after the affine map
     * @param accumulate whether to add to {@code out}'s contents (a residual sum) instead of overwriting them
     * @param out destination {@code [n, oh, ow, channels]}, contiguous; null: this layer's output buffer
     * @return the destination
     */
    INDArray inferenceFused(INDArray in, INDArray scale, INDArray shift, boolean relu, boolean accumulate, INDArray out) {
        if (!fusable(in)) {
            throw new IllegalStateException("fused inference needs the direct oneDNN path and a contiguous input");
        }
        input = in;
        INDArray o = out != null ? out : out(in);
        dnnl.inference(in, weight.value(), withBias ? bias.value() : null, scale, shift, relu, accumulate, o);
        return o;
    }

    /** For tests: the implementation of a fused inference primitive at batch {@code n}, e.g. {@code brgconv:avx512_core}. */
    String fusedImplementation(long n, boolean affine, boolean relu, boolean accumulate) {
        return dnnl == null ? "none" : dnnl.fusedImplementation(n, affine, relu, accumulate);
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        if (path == Path.DNNL) {
            if (Kernels.isContiguous(input) && Kernels.isContiguous(gradOut)) {
                INDArray gi = inputGradNeeded ? gradIn(gradOut) : null;
                dnnl.backward(input, weight.value(), gradOut, gi, weight.grad(), withBias ? bias.grad() : null);
                return gi;
            }
            INDArray gi = gradIn(gradOut); // strided arrays (not produced by the built-in layers): libnd4j's ops
            libnd4j.backward(input, weight.value(), withBias ? bias.value() : null, gradOut, gi, weight.grad(),
                    withBias ? bias.grad() : null);
            return inputGradNeeded ? gi : null;
        }
        if (path == Path.LIBND4J && !(patchGradient != null && !inputGradNeeded && Kernels.isContiguous(input))) {
            INDArray gi = gradIn(gradOut);
            libnd4j.backward(input, weight.value(), withBias ? bias.value() : null, gradOut, gi, weight.grad(),
                    withBias ? bias.grad() : null);
            return gi;
        }
        INDArray g = gradOut.reshape('c', gradOut.length() / channels, channels);
        if (withBias) {
            Blas.gemm(Scratch.ones(g.dataType(), g.size(0)), g, bias.grad().reshape('c', 1, channels), false, false, 1.0, 0.0);
        }
        if (path == Path.LIBND4J) { // a first layer: the weight gradient alone, from the patch matrix
            patchGradient.weightGradient(input, g, weightMatrix(weight.grad()));
            return null;
        }
        return path == Path.GEMM ? gemmBackward(g, inputGradNeeded) : shiftedBackward(gradOut, inputGradNeeded);
    }

    private INDArray shiftedBackward(INDArray gradOut, boolean inputGradNeeded) {
        shifted.weightGradient(input, gradOut, weight.grad());
        if (!inputGradNeeded) {
            return null;
        }
        INDArray gi = gradIn(gradOut);
        shifted.inputGradient(weight.value(), flipped, gradOut, gi);
        return gi;
    }

    private INDArray gemmBackward(INDArray g, boolean inputGradNeeded) {
        long n = input.size(0);
        INDArray p = patches == null ? input.reshape('c', g.size(0), inShape[2]) : Ops.rows(patches, g.size(0));
        Blas.gemm(p, g, weightMatrix(weight.grad()), true, false, 1.0, 0.0);
        if (!inputGradNeeded) {
            return null;
        }
        INDArray gi = gradIn(n);
        if (patches == null) {
            Blas.gemm(g, weightMatrix(weight.value()), gi.reshape('c', g.size(0), inShape[2]), false, true, 1.0, 0.0);
            return gi;
        }
        // the patch matrix is not needed any more: it receives the patches' gradients, scattered back below
        Blas.gemm(g, weightMatrix(weight.value()), p, false, true, 1.0, 0.0);
        if (kernel < stride) {
            gi.assign(0); // positions between the sampled ones get no gradient
        }
        long[] viewShape = kernel == 1 ? new long[] {n, outShape[0], outShape[1], inShape[2]}
                : new long[] {n, outShape[0], outShape[1], kernel, kernel, inShape[2]};
        patchView(gi).assign(p.reshape('c', viewShape));
        return gi;
    }

    @Override
    public void close() {
        super.close();
        if (dnnl != null) {
            dnnl.close();
            dnnl = null;
        }
        for (INDArray a : new INDArray[] {flipped, patches}) {
            if (a != null) {
                a.close();
            }
        }
    }
}
