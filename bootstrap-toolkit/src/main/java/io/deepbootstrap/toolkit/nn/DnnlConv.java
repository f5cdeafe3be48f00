package io.deepbootstrap.toolkit.nn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.BytePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A float32 NHWC convolution computed by oneDNN's primitives called directly (JavaCPP preset {@code org.bytedeco:dnnl},
 * oneDNN 2.5), without libnd4j in between: forward, backward-data and backward-weights (+ bias) primitives are created
 * once per batch size and kept; they read and write the ND4J buffers in place (format {@code nhwc}, no copy); only
 * the weights (a few KB to a few MB) are reordered between the user layout {@code hwio} ({@code [k, k, in, out]}) and
 * the blocked layout the primitive chose; the scratchpad is user-managed and reused. libnd4j's {@code conv2d} /
 * {@code conv2d_bp} instead re-create the primitives and reorder every tensor into freshly allocated memory on each
 * call, and {@code conv2d_bp} always computes the input gradient: measured 2-4x slower backward (docs/PERFORMANCE.md,
 * "Direct oneDNN convolutions").
 *
 * <p>oneDNN runs on OpenMP: its parallel regions use the calling thread's OpenMP thread count, which
 * {@code Nd4jRuntime} sets. Results are deterministic for a given batch size and thread count (oneDNN's kernels use
 * a static partition of the work); the weight gradient's summation order depends on the thread count.
 *
 * <p>One instance belongs to one layer and is used by one thread at a time (it owns its stream and buffers).
 * {@code -Dbootstrap.conv.dnnl=false} turns the path off (libnd4j's ops are used instead); it is never used on
 * other backends than the CPU one, nor for other types than float32.
 */
final class DnnlConv implements AutoCloseable {
    /** Whether direct oneDNN convolutions may be used ({@code -Dbootstrap.conv.dnnl=false}: no). */
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("bootstrap.conv.dnnl"));

    private final long cin;
    private final long cout;
    private final long h;
    private final long w;
    private final long oh;
    private final long ow;
    private final long kernel;
    private final boolean withBias;
    private final long[] strides;
    private final long[] padL;
    private final long[] padR;
    private final Dnnl.Runner run = new Dnnl.Runner();
    /** Primitives and memory objects by batch size and OpenMP thread count ({@link #prims}). */
    private final Map<Long, Prims> byBatch = new HashMap<>();
    /** Fused inference primitives by batch size, OpenMP thread count and epilogue ({@link #inference}). */
    private final Map<Long, Fused> fusedByKey = new HashMap<>();

    /**
     * @param inShape per-example input {@code [h, w, c]}
     * @param outShape per-example output {@code [oh, ow, oc]}
     * @param kernel kernel size (square)
     * @param stride stride in both directions
     * @param same "same" padding (TensorFlow's: the smaller half before), else "valid"
     * @param withBias whether the convolution adds a bias
     */
    DnnlConv(long[] inShape, long[] outShape, int kernel, int stride, boolean same, boolean withBias) {
        this.h = inShape[0];
        this.w = inShape[1];
        this.cin = inShape[2];
        this.oh = outShape[0];
        this.ow = outShape[1];
        this.cout = outShape[2];
        this.kernel = kernel;
        this.withBias = withBias;
        this.strides = new long[] {stride, stride};
        long padH = same ? Math.max(0, (oh - 1) * stride + kernel - h) : 0;
        long padW = same ? Math.max(0, (ow - 1) * stride + kernel - w) : 0;
        this.padL = new long[] {padH / 2, padW / 2};
        this.padR = new long[] {padH - padH / 2, padW - padW / 2};
    }

    /**
     * @param dataType the layer's element type
     * @return whether direct oneDNN convolutions can run here: enabled, CPU backend, float32, library loaded
     */
    static boolean usable(DataType dataType) {
        return ENABLED && Dnnl.usable(dataType);
    }

    /**
     * {@code out = conv(in, weight) + bias}.
     *
     * @param in {@code [n, h, w, c]}, C-order contiguous
     * @param weight {@code [k, k, c, oc]}, C-order contiguous
     * @param bias {@code [oc]} or null (without bias)
     * @param out {@code [n, oh, ow, oc]}, C-order contiguous
     */
    void forward(INDArray in, INDArray weight, INDArray bias, INDArray out) {
        Prims p = prims(in.size(0));
        run.bind(p.src, in, p.srcBytes);
        run.bind(p.dst, out, p.dstBytes);
        run.bind(p.biasMem, bias, p.biasBytes);
        weightsInto(weight, p.userWeights, p.toFwd, p.weightBytes);
        run.execute(p.fwd, p.fwdArgs, p.fwdScratch);
    }

    /**
     * Writes the weight and (with a bias) bias gradients and, when {@code gradIn} is not null, the input gradient.
     *
     * @param in the forward input {@code [n, h, w, c]}
     * @param weight {@code [k, k, c, oc]}
     * @param gradOut {@code [n, oh, ow, oc]}
     * @param gradIn destination {@code [n, h, w, c]}, or null when no input gradient is needed
     * @param gradWeight destination {@code [k, k, c, oc]}
     * @param gradBias destination {@code [oc]}, null without bias
     */
    void backward(INDArray in, INDArray weight, INDArray gradOut, INDArray gradIn, INDArray gradWeight, INDArray gradBias) {
        Prims p = prims(in.size(0));
        run.bind(p.src, in, p.srcBytes);
        run.bind(p.diffDst, gradOut, p.dstBytes);
        run.bind(p.diffBias, gradBias, p.biasBytes);
        run.bind(p.userDiffWeights, gradWeight, p.weightBytes);
        run.execute(p.bwdW, p.bwdWArgs, p.bwdWScratch);
        if (p.fromBwdW != null) {
            run.execute(p.fromBwdW, p.fromBwdWArgs, null);
        }
        if (gradIn != null) {
            run.bind(p.diffSrc, gradIn, p.srcBytes);
            weightsInto(weight, p.userWeights, p.toBwdD, p.weightBytes);
            run.execute(p.bwdD, p.bwdDArgs, p.bwdDScratch);
        }
    }

    /**
     * An inference pass with its epilogue fused into the convolution (oneDNN post-ops, applied to each output tile
     * while it is in registers): {@code out = relu?((conv(in, weight) + bias) * scale + shift) [+ out]}, each part
     * optional. A batch norm on running statistics that follows the convolution is the per-channel {@code scale} and
     * {@code shift} (computed from the statistics by the caller on every call, so nothing is cached that could go
     * stale when parameters or statistics change); a residual add is {@code accumulate} over an output that already
     * holds the residual (oneDNN's sum post-op: measured as fast as the plain convolution, where the binary add of a
     * full tensor made oneDNN fall back from {@code brgconv} to a slower {@code jit} kernel).
     *
     * @param in {@code [n, h, w, c]}, C-order contiguous
     * @param weight {@code [k, k, c, oc]}, C-order contiguous
     * @param bias {@code [oc]} or null (without bias)
     * @param scale {@code oc} per-channel factors, or null (then {@code shift} must be null too)
     * @param shift {@code oc} per-channel addends, or null
     * @param relu whether to clamp at zero after the affine map
     * @param accumulate whether to add the result to {@code out}'s contents instead of overwriting them
     * @param out {@code [n, oh, ow, oc]}, C-order contiguous
     */
    void inference(INDArray in, INDArray weight, INDArray bias, INDArray scale, INDArray shift, boolean relu,
            boolean accumulate, INDArray out) {
        if ((scale == null) != (shift == null)) {
            throw new IllegalArgumentException("per-channel scale and shift go together");
        }
        Fused f = fused(in.size(0), scale != null, relu, accumulate);
        run.bind(f.src, in, f.srcBytes);
        run.bind(f.dst, out, f.dstBytes);
        run.bind(f.biasMem, bias, f.biasBytes);
        run.bind(f.scaleMem, scale, f.channelBytes);
        run.bind(f.shiftMem, shift, f.channelBytes);
        weightsInto(weight, f.userWeights, f.toFwd, f.weightBytes);
        run.execute(f.fwd, f.args, f.scratch);
    }

    private Fused fused(long n, boolean affine, boolean relu, boolean accumulate) {
        long key = Dnnl.key(n) * 8 + (affine ? 1 : 0) + (relu ? 2 : 0) + (accumulate ? 4 : 0);
        Fused f = fusedByKey.get(key);
        if (f == null) {
            f = new Fused(n, affine, relu, accumulate);
            fusedByKey.put(key, f);
        }
        return f;
    }

    /** For tests and diagnostics: the implementation of a fused inference primitive ({@link #inference}'s epilogue). */
    String fusedImplementation(long n, boolean affine, boolean relu, boolean accumulate) {
        return Dnnl.implementation(fused(n, affine, relu, accumulate).fwd);
    }

    /** Points the user-layout weight memory at {@code weight} and reorders it into the primitive's, if that differs. */
    private void weightsInto(INDArray weight, dnnl_memory user, Reorder reorder, long bytes) {
        run.bind(user, weight, bytes);
        if (reorder != null) {
            run.execute(reorder.primitive, reorder.args, null);
        }
    }

    /**
     * The primitives for batch size {@code n} and the calling thread's OpenMP thread count: oneDNN sizes a primitive's
     * scratchpad (per-thread buffers) by the thread count at creation, so a primitive created for fewer threads must
     * never run with more (it would write past its scratchpad).
     */
    private Prims prims(long n) {
        long key = Dnnl.key(n);
        Prims p = byBatch.get(key);
        if (p == null) {
            p = new Prims(n);
            byBatch.put(key, p);
        }
        return p;
    }

    /** The primitives, their arguments and memory objects for one batch size. */
    private final class Prims {
        final dnnl_memory src;
        final dnnl_memory dst;
        final dnnl_memory diffSrc;
        final dnnl_memory diffDst;
        final dnnl_memory biasMem;
        final dnnl_memory diffBias;
        final dnnl_memory userWeights;
        final dnnl_memory userDiffWeights;
        final dnnl_memory fwdWeights;
        final dnnl_memory bwdDWeights;
        final dnnl_primitive fwd;
        final dnnl_primitive bwdD;
        final dnnl_primitive bwdW;
        final dnnl_primitive fromBwdW;
        final dnnl_exec_arg_t fwdArgs;
        final dnnl_exec_arg_t bwdDArgs;
        final dnnl_exec_arg_t bwdWArgs;
        final dnnl_exec_arg_t fromBwdWArgs;
        final dnnl_memory fwdScratch;
        final dnnl_memory bwdDScratch;
        final dnnl_memory bwdWScratch;
        final Reorder toFwd;
        final Reorder toBwdD;
        /**
         * The weight gradient's reorder, kept for its buffer: the backward-weights primitive writes there, and JavaCPP
         * frees a buffer that is no longer referenced (this one was not, in the first version: heap corruption).
         */
        final Reorder fromW;
        /** Sizes of the descriptors that ND4J arrays are bound to: source, destination, weights ({@code hwio}), bias. */
        final long srcBytes;
        final long dstBytes;
        final long weightBytes;
        final long biasBytes;

        Prims(long n) {
            dnnl_memory_desc_t srcMd = Dnnl.desc(new long[] {n, cin, h, w}, dnnl.dnnl_nhwc);
            dnnl_memory_desc_t dstMd = Dnnl.desc(new long[] {n, cout, oh, ow}, dnnl.dnnl_nhwc);
            dnnl_memory_desc_t userW = Dnnl.desc(new long[] {cout, cin, kernel, kernel}, dnnl.dnnl_hwio);
            dnnl_memory_desc_t anyW = Dnnl.desc(new long[] {cout, cin, kernel, kernel}, dnnl.dnnl_format_tag_any);
            dnnl_memory_desc_t biasMd = withBias ? Dnnl.desc(new long[] {cout}, dnnl.dnnl_a) : null;
            srcBytes = dnnl.dnnl_memory_desc_get_size(srcMd);
            dstBytes = dnnl.dnnl_memory_desc_get_size(dstMd);
            weightBytes = dnnl.dnnl_memory_desc_get_size(userW);
            biasBytes = withBias ? dnnl.dnnl_memory_desc_get_size(biasMd) : 0;
            Dnnl.check(srcBytes == 4L * n * cin * h * w && dstBytes == 4L * n * cout * oh * ow
                    && weightBytes == 4L * cout * cin * kernel * kernel ? dnnl.dnnl_success : -1, "dense descriptors");
            dnnl_primitive_attr attr = Dnnl.userScratchpad();

            dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t();
            Dnnl.check(dnnl.dnnl_convolution_forward_desc_init(fd, dnnl.dnnl_forward_training, dnnl.dnnl_convolution_direct,
                    srcMd, anyW, biasMd, dstMd, strides, padL, padR), "forward desc");
            dnnl_primitive_desc fpd = Dnnl.primitiveDesc(fd, attr, null);
            dnnl_convolution_desc_t dd = new dnnl_convolution_desc_t();
            Dnnl.check(dnnl.dnnl_convolution_backward_data_desc_init(dd, dnnl.dnnl_convolution_direct, srcMd, anyW, dstMd,
                    strides, padL, padR), "backward data desc");
            dnnl_primitive_desc dpd = Dnnl.primitiveDesc(dd, attr, fpd);
            dnnl_convolution_desc_t wd = new dnnl_convolution_desc_t();
            Dnnl.check(dnnl.dnnl_convolution_backward_weights_desc_init(wd, dnnl.dnnl_convolution_direct, srcMd, anyW, biasMd,
                    dstMd, strides, padL, padR), "backward weights desc");
            dnnl_primitive_desc wpd = Dnnl.primitiveDesc(wd, attr, fpd);
            Dnnl.check(dnnl.dnnl_primitive_attr_destroy(attr), "attr");

            src = Dnnl.memory(srcMd, null);
            dst = Dnnl.memory(dstMd, null);
            diffSrc = Dnnl.memory(srcMd, null);
            diffDst = Dnnl.memory(dstMd, null);
            biasMem = withBias ? Dnnl.memory(biasMd, null) : null;
            diffBias = withBias ? Dnnl.memory(biasMd, null) : null;
            userWeights = Dnnl.memory(userW, null);
            userDiffWeights = Dnnl.memory(userW, null);

            dnnl_memory_desc_t fw = dnnl.dnnl_primitive_desc_query_md(fpd, dnnl.dnnl_query_weights_md, 0);
            toFwd = Dnnl.same(fw, userW) ? null : new Reorder(userWeights, userW, fw, true);
            fwdWeights = toFwd == null ? userWeights : toFwd.own;
            dnnl_memory_desc_t dw = dnnl.dnnl_primitive_desc_query_md(dpd, dnnl.dnnl_query_weights_md, 0);
            toBwdD = Dnnl.same(dw, userW) ? null : new Reorder(userWeights, userW, dw, true);
            bwdDWeights = toBwdD == null ? userWeights : toBwdD.own;
            dnnl_memory_desc_t ww = dnnl.dnnl_primitive_desc_query_md(wpd, dnnl.dnnl_query_diff_weights_md, 0);
            fromW = Dnnl.same(ww, userW) ? null : new Reorder(userDiffWeights, userW, ww, false);
            dnnl_memory diffWeights = fromW == null ? userDiffWeights : fromW.own;
            fromBwdW = fromW == null ? null : fromW.primitive;
            fromBwdWArgs = fromW == null ? null : fromW.args;

            fwd = Dnnl.primitive(fpd);
            bwdD = Dnnl.primitive(dpd);
            bwdW = Dnnl.primitive(wpd);
            fwdScratch = run.scratchFor(fpd);
            bwdDScratch = run.scratchFor(dpd);
            bwdWScratch = run.scratchFor(wpd);
            fwdArgs = withBias
                    ? Dnnl.args(new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST, DNNL_ARG_SCRATCHPAD},
                            new dnnl_memory[] {src, fwdWeights, biasMem, dst, fwdScratch})
                    : Dnnl.args(new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST, DNNL_ARG_SCRATCHPAD},
                            new dnnl_memory[] {src, fwdWeights, dst, fwdScratch});
            bwdDArgs = Dnnl.args(new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC, DNNL_ARG_SCRATCHPAD},
                    new dnnl_memory[] {diffDst, bwdDWeights, diffSrc, bwdDScratch});
            bwdWArgs = withBias
                    ? Dnnl.args(new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS, DNNL_ARG_DIFF_BIAS, DNNL_ARG_SCRATCHPAD},
                            new dnnl_memory[] {src, diffDst, diffWeights, diffBias, bwdWScratch})
                    : Dnnl.args(new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS, DNNL_ARG_SCRATCHPAD},
                            new dnnl_memory[] {src, diffDst, diffWeights, bwdWScratch});
            for (dnnl_primitive_desc pd : new dnnl_primitive_desc[] {fpd, dpd, wpd}) {
                Dnnl.check(dnnl.dnnl_primitive_desc_destroy(pd), "destroy");
            }
        }

        void destroy() {
            Dnnl.destroy(fwd, bwdD, bwdW);
            Dnnl.destroy(src, dst, diffSrc, diffDst, biasMem, diffBias, userWeights, userDiffWeights, fwdScratch, bwdDScratch,
                    bwdWScratch);
            for (Reorder r : new Reorder[] {toFwd, toBwdD, fromW}) {
                if (r != null) {
                    r.destroy();
                }
            }
        }
    }

    /** A forward-inference primitive with post-ops ({@link #inference}) for one batch size, its memory objects. */
    private final class Fused {
        final dnnl_memory src;
        final dnnl_memory dst;
        final dnnl_memory biasMem;
        final dnnl_memory userWeights;
        final dnnl_memory scaleMem;
        final dnnl_memory shiftMem;
        final dnnl_memory scratch;
        final dnnl_primitive fwd;
        final dnnl_exec_arg_t args;
        final Reorder toFwd;
        final long srcBytes;
        final long dstBytes;
        final long weightBytes;
        final long biasBytes;
        final long channelBytes;

        Fused(long n, boolean affine, boolean relu, boolean accumulate) {
            dnnl_memory_desc_t srcMd = Dnnl.desc(new long[] {n, cin, h, w}, dnnl.dnnl_nhwc);
            dnnl_memory_desc_t dstMd = Dnnl.desc(new long[] {n, cout, oh, ow}, dnnl.dnnl_nhwc);
            dnnl_memory_desc_t userW = Dnnl.desc(new long[] {cout, cin, kernel, kernel}, dnnl.dnnl_hwio);
            dnnl_memory_desc_t anyW = Dnnl.desc(new long[] {cout, cin, kernel, kernel}, dnnl.dnnl_format_tag_any);
            dnnl_memory_desc_t biasMd = withBias ? Dnnl.desc(new long[] {cout}, dnnl.dnnl_a) : null;
            dnnl_memory_desc_t channelMd = Dnnl.desc(new long[] {1, cout, 1, 1}, dnnl.dnnl_nhwc);
            srcBytes = Dnnl.bytes(srcMd);
            dstBytes = Dnnl.bytes(dstMd);
            weightBytes = Dnnl.bytes(userW);
            biasBytes = withBias ? Dnnl.bytes(biasMd) : 0;
            channelBytes = Dnnl.bytes(channelMd);
            dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t();
            Dnnl.check(dnnl.dnnl_convolution_forward_desc_init(fd, dnnl.dnnl_forward_inference, dnnl.dnnl_convolution_direct,
                    srcMd, anyW, biasMd, dstMd, strides, padL, padR), "forward inference desc");
            dnnl_primitive_attr attr = Dnnl.userScratchpad();
            dnnl_post_ops ops = new dnnl_post_ops();
            Dnnl.check(dnnl.dnnl_post_ops_create(ops), "post-ops");
            if (affine) {
                Dnnl.check(dnnl.dnnl_post_ops_append_binary(ops, dnnl.dnnl_binary_mul, channelMd), "binary mul");
                Dnnl.check(dnnl.dnnl_post_ops_append_binary(ops, dnnl.dnnl_binary_add, channelMd), "binary add");
            }
            if (relu) {
                Dnnl.check(dnnl.dnnl_post_ops_append_eltwise(ops, 1f, dnnl.dnnl_eltwise_relu, 0f, 0f), "relu");
            }
            if (accumulate) {
                Dnnl.check(dnnl.dnnl_post_ops_append_sum(ops, 1f), "sum");
            }
            Dnnl.check(dnnl.dnnl_primitive_attr_set_post_ops(attr, ops), "set post-ops");
            dnnl_primitive_desc pd = Dnnl.primitiveDesc(fd, attr, null);
            Dnnl.check(dnnl.dnnl_post_ops_destroy(ops), "destroy post-ops");
            Dnnl.check(dnnl.dnnl_primitive_attr_destroy(attr), "attr");
            src = Dnnl.memory(srcMd, null);
            dst = Dnnl.memory(dstMd, null);
            biasMem = withBias ? Dnnl.memory(biasMd, null) : null;
            userWeights = Dnnl.memory(userW, null);
            scaleMem = affine ? Dnnl.memory(channelMd, null) : null;
            shiftMem = affine ? Dnnl.memory(channelMd, null) : null;
            dnnl_memory_desc_t fw = dnnl.dnnl_primitive_desc_query_md(pd, dnnl.dnnl_query_weights_md, 0);
            toFwd = Dnnl.same(fw, userW) ? null : new Reorder(userWeights, userW, fw, true);
            dnnl_memory weights = toFwd == null ? userWeights : toFwd.own;
            fwd = Dnnl.primitive(pd);
            scratch = run.scratchFor(pd);
            int[] kinds = {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST, DNNL_ARG_SCRATCHPAD, DNNL_ARG_BIAS, postOpArg(0),
                postOpArg(1)};
            dnnl_memory[] mems = {src, weights, dst, scratch, biasMem, scaleMem, shiftMem};
            int count = 4 + (withBias ? 1 : 0);
            if (!withBias) {
                kinds[4] = kinds[5];
                kinds[5] = kinds[6];
                mems[4] = mems[5];
                mems[5] = mems[6];
            }
            count += affine ? 2 : 0;
            args = Dnnl.args(java.util.Arrays.copyOf(kinds, count), java.util.Arrays.copyOf(mems, count));
            Dnnl.check(dnnl.dnnl_primitive_desc_destroy(pd), "destroy");
        }

        void destroy() {
            Dnnl.destroy(fwd);
            Dnnl.destroy(src, dst, biasMem, userWeights, scaleMem, shiftMem, scratch);
            if (toFwd != null) {
                toFwd.destroy();
            }
        }
    }

    /** @return the execution argument of the second source of the post-op at {@code index} */
    private static int postOpArg(int index) {
        return DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE * (index + 1) | DNNL_ARG_SRC_1;
    }

    /**
     * A reorder between the user layout (an ND4J array, pointed at before each use) and the primitive's layout (a
     * buffer of its own): {@code args} reorders user to own ({@code toOwn}) or own to user.
     */
    private static final class Reorder {
        final dnnl_primitive primitive;
        final dnnl_memory own;
        final dnnl_exec_arg_t args;
        /** The own buffer: referenced here so that JavaCPP does not free it while oneDNN's memory object uses it. */
        final BytePointer buffer;

        Reorder(dnnl_memory user, dnnl_memory_desc_t userMd, dnnl_memory_desc_t ownMd, boolean toOwn) {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            Dnnl.check(toOwn ? dnnl.dnnl_reorder_primitive_desc_create(pd, userMd, Dnnl.engine(), ownMd, Dnnl.engine(), null)
                    : dnnl.dnnl_reorder_primitive_desc_create(pd, ownMd, Dnnl.engine(), userMd, Dnnl.engine(), null), "reorder desc");
            primitive = Dnnl.primitive(pd);
            Dnnl.check(dnnl.dnnl_primitive_desc_destroy(pd), "destroy");
            buffer = new BytePointer(Math.max(64L, dnnl.dnnl_memory_desc_get_size(ownMd)));
            own = Dnnl.memory(ownMd, buffer);
            args = Dnnl.args(new int[] {DNNL_ARG_FROM, DNNL_ARG_TO}, toOwn ? new dnnl_memory[] {user, own} : new dnnl_memory[] {own, user});
        }

        /** Destroys the primitive and the own memory object, then frees the own buffer. */
        void destroy() {
            Dnnl.destroy(primitive);
            Dnnl.destroy(own);
            buffer.deallocate();
        }
    }

    /**
     * For tests and diagnostics: the implementations oneDNN chose for this layer's primitives at batch {@code n}.
     *
     * @param n batch size
     * @return e.g. {@code brgconv:avx512_core/jit:avx512_common/jit:avx512_common} (forward / data / weights)
     */
    String implementations(long n) {
        Prims p = prims(n);
        return Dnnl.implementation(p.fwd) + "/" + Dnnl.implementation(p.bwdD) + "/" + Dnnl.implementation(p.bwdW);
    }

    @Override
    public void close() {
        for (Prims p : byBatch.values()) {
            p.destroy();
        }
        byBatch.clear();
        for (Fused f : fusedByKey.values()) {
            f.destroy();
        }
        fusedByKey.clear();
        run.close();
    }
}
