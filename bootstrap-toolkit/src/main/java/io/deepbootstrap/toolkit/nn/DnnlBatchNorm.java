package io.deepbootstrap.toolkit.nn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.BytePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training passes of a float32 batch normalisation over the last (channel) dimension, computed by oneDNN's
 * batch-normalisation primitives called directly ({@link Dnnl}): the activations are described as {@code nhwc}
 * {@code [n, c, positions, 1]} and read and written in place in the ND4J buffers; forward training (batch mean and
 * biased variance, written into the caller's per-channel buffers, {@code gamma} and {@code beta} applied) and backward
 * (input, {@code gamma} and {@code beta} gradients; the input gradient may overwrite the output gradient). Primitives
 * are kept per batch size and OpenMP thread count.
 *
 * <p>Why: the toolkit's own training passes (BLAS column sums and libnd4j broadcasts, about seven passes over the
 * activations forward and nine backward) did not get faster with a second thread and got up to 2x slower
 * (docs/PERFORMANCE.md, "Convolutional networks at two threads"); oneDNN's kernels read the activations twice forward
 * and twice backward and split the work between the OpenMP threads.
 *
 * <p>Results are repeatable for a given batch size and thread count (oneDNN partitions the work statically); the
 * per-channel sums' order depends on the thread count. {@code -Dbootstrap.batchnorm.dnnl=false} turns the path off.
 */
final class DnnlBatchNorm implements AutoCloseable {
    /** Whether oneDNN's batch normalisation may be used ({@code -Dbootstrap.batchnorm.dnnl=false}: no). */
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("bootstrap.batchnorm.dnnl"));

    private final long channels;
    private final long positions;
    private final float epsilon;
    private final Dnnl.Runner run = new Dnnl.Runner();
    /** Primitives and memory objects by batch size and OpenMP thread count. */
    private final Map<Long, Prims> byBatch = new HashMap<>();
    /** Inference primitives by batch size, OpenMP thread count and ReLU flag. */
    private final Map<Long, Inference> inferenceByKey = new HashMap<>();

    /**
     * @param channels channels (the last dimension)
     * @param positions values per channel and example (h * w; 1 for vectors)
     * @param epsilon added to the variance
     */
    DnnlBatchNorm(long channels, long positions, double epsilon) {
        this.channels = channels;
        this.positions = positions;
        this.epsilon = (float) epsilon;
    }

    /**
     * @param dataType the layer's element type
     * @return whether oneDNN's batch normalisation can run here: enabled, CPU backend, float32, library loaded
     */
    static boolean usable(DataType dataType) {
        return ENABLED && Dnnl.usable(dataType);
    }

    /**
     * Training forward pass: {@code out = gamma * (in - mean) / sqrt(var + eps) + beta} with the batch's statistics.
     *
     * @param in {@code [n, ..., c]}, C-order contiguous
     * @param gamma {@code c} scales
     * @param beta {@code c} shifts
     * @param out destination, the shape of {@code in}
     * @param mean destination of the batch mean ({@code c} values)
     * @param var destination of the batch's biased variance ({@code c} values)
     */
    void forward(INDArray in, INDArray gamma, INDArray beta, INDArray out, INDArray mean, INDArray var) {
        forward(in, gamma, beta, out, mean, var, false);
    }

    /**
     * {@link #forward(INDArray, INDArray, INDArray, INDArray, INDArray, INDArray)}, followed by a ReLU in the same
     * pass when {@code relu} (oneDNN's {@code fuse_norm_relu}: the primitive keeps a workspace, the mask of the
     * positive outputs, that the matching {@link #backward} call with {@code relu} reads).
     */
    void forward(INDArray in, INDArray gamma, INDArray beta, INDArray out, INDArray mean, INDArray var, boolean relu) {
        Prims p = prims(in.size(0), relu);
        p.io.bind(in, gamma, beta, mean, var, out);
        p.fwd.execute();
    }

    /**
     * Backward pass of {@link #forward}.
     *
     * @param in the forward input (unchanged since)
     * @param gradOut {@code [n, ..., c]}
     * @param gamma {@code c} scales
     * @param beta {@code c} shifts (oneDNN's backward primitive takes them as an argument, without using them)
     * @param mean the forward pass's batch mean
     * @param var the forward pass's batch variance
     * @param gradIn destination of the input gradient (may be {@code gradOut} itself)
     * @param gradGamma destination of the {@code gamma} gradient
     * @param gradBeta destination of the {@code beta} gradient
     */
    void backward(INDArray in, INDArray gradOut, INDArray gamma, INDArray beta, INDArray mean, INDArray var, INDArray gradIn,
            INDArray gradGamma, INDArray gradBeta) {
        backward(in, gradOut, gamma, beta, mean, var, gradIn, gradGamma, gradBeta, false);
    }

    /**
     * {@link #backward(INDArray, INDArray, INDArray, INDArray, INDArray, INDArray, INDArray, INDArray, INDArray)}
     * through the ReLU too when {@code relu} (after a {@code relu} forward pass of the same batch size: its workspace;
     * {@code gradOut} is then the gradient of the ReLU's output).
     */
    void backward(INDArray in, INDArray gradOut, INDArray gamma, INDArray beta, INDArray mean, INDArray var, INDArray gradIn,
            INDArray gradGamma, INDArray gradBeta, boolean relu) {
        Prims p = prims(in.size(0), relu);
        p.io.bind(in, gamma, beta, mean, var, null);
        long dataBytes = p.io.layout.dataBytes;
        long channelBytes = p.io.layout.channelBytes;
        run.bind(p.diffDst, gradOut, dataBytes);
        run.bind(p.diffSrc, gradIn, dataBytes);
        run.bind(p.diffScale, gradGamma, channelBytes);
        run.bind(p.diffShift, gradBeta, channelBytes);
        p.bwd.execute();
    }

    /**
     * Inference pass on given statistics, optionally followed by a ReLU in the same pass (oneDNN's
     * {@code fuse_norm_relu}): {@code out = relu?(gamma * (in - mean) / sqrt(var + eps) + beta)}.
     *
     * @param in {@code [n, ..., c]}, C-order contiguous
     * @param gamma {@code c} scales
     * @param beta {@code c} shifts
     * @param mean {@code c} means (the running mean)
     * @param var {@code c} variances (the running variance)
     * @param relu whether to clamp at zero
     * @param out destination, the shape of {@code in} (may be {@code in})
     */
    void inference(INDArray in, INDArray gamma, INDArray beta, INDArray mean, INDArray var, boolean relu, INDArray out) {
        long n = in.size(0);
        Inference p = inferenceByKey.computeIfAbsent(key(n, relu), k -> new Inference(n, relu));
        p.io.bind(in, gamma, beta, mean, var, out);
        p.fwd.execute();
    }

    /**
     * One primitive with its scratchpad memory object (pointed at the layer's shared scratchpad before each run) and
     * its arguments, which end with the scratchpad.
     */
    private final class Call {
        final dnnl_primitive primitive;
        final dnnl_memory scratch;
        final dnnl_exec_arg_t args;

        /**
         * @param pd the primitive's descriptor (not destroyed here)
         * @param kinds argument kinds, without the scratchpad
         * @param memories their memory objects
         */
        Call(dnnl_primitive_desc pd, int[] kinds, dnnl_memory[] memories) {
            primitive = Dnnl.primitive(pd);
            scratch = run.scratchFor(pd);
            int k = kinds.length;
            int[] allKinds = java.util.Arrays.copyOf(kinds, k + 1);
            allKinds[k] = DNNL_ARG_SCRATCHPAD;
            dnnl_memory[] all = java.util.Arrays.copyOf(memories, k + 1);
            all[k] = scratch;
            args = Dnnl.args(allKinds, all);
        }

        void execute() {
            run.execute(primitive, args, scratch);
        }

        void destroy() {
            Dnnl.destroy(primitive);
            Dnnl.destroy(scratch);
        }
    }

    /** An inference primitive on given statistics (with or without the ReLU) for one batch size. */
    private final class Inference {
        final ForwardIo io;
        final Call fwd;

        Inference(long n, boolean relu) {
            io = new ForwardIo(n);
            dnnl_primitive_attr attr = Dnnl.userScratchpad();
            dnnl_primitive_desc pd = forwardDesc(io.layout.dataMd, dnnl.dnnl_forward_inference,
                    dnnl.dnnl_use_global_stats | flags(relu), attr);
            Dnnl.check(dnnl.dnnl_primitive_attr_destroy(attr), "attr");
            fwd = new Call(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE,
                DNNL_ARG_DST}, new dnnl_memory[] {io.src, io.scale, io.shift, io.mean, io.var, io.dst});
            Dnnl.check(dnnl.dnnl_primitive_desc_destroy(pd), "destroy");
        }

        void destroy() {
            fwd.destroy();
            io.destroy();
        }
    }

    /**
     * The memory objects of a forward pass at one batch size (input and output activations; scale, shift, mean and
     * variance), which the inference and the training primitives ({@link Prims}, whose backward primitive reads them
     * too) each have, bound to the caller's arrays before each use.
     */
    private final class ForwardIo {
        final Layout layout;
        final dnnl_memory src;
        final dnnl_memory dst;
        final dnnl_memory scale;
        final dnnl_memory shift;
        final dnnl_memory mean;
        final dnnl_memory var;

        ForwardIo(long n) {
            layout = new Layout(n);
            dnnl_memory[] io = memories(layout.dataMd, 2);
            src = io[0];
            dst = io[1];
            dnnl_memory[] perChannel = memories(layout.channelMd, 4);
            scale = perChannel[0];
            shift = perChannel[1];
            mean = perChannel[2];
            var = perChannel[3];
        }

        /** Binds the activations ({@code out}: skipped when null) and the per-channel vectors. */
        void bind(INDArray in, INDArray gamma, INDArray beta, INDArray meanValues, INDArray varValues, INDArray out) {
            run.bind(src, in, layout.dataBytes);
            run.bind(dst, out, layout.dataBytes);
            run.bind(scale, gamma, layout.channelBytes);
            run.bind(shift, beta, layout.channelBytes);
            run.bind(mean, meanValues, layout.channelBytes);
            run.bind(var, varValues, layout.channelBytes);
        }

        void destroy() {
            Dnnl.destroy(src, dst, scale, shift, mean, var);
        }
    }

    /** @return the cache key of the primitives at batch {@code n}, with or without the fused ReLU */
    private static long key(long n, boolean relu) {
        return Dnnl.key(n) * 2 + (relu ? 1 : 0);
    }

    /**
     * The descriptors every primitive of this layer uses at one batch size: the activations ({@code nhwc [n, channels,
     * positions, 1]}) and the per-channel vectors, checked to be dense (the bound buffers are exactly that large).
     */
    private final class Layout {
        final dnnl_memory_desc_t dataMd;
        final dnnl_memory_desc_t channelMd;
        final long dataBytes;
        final long channelBytes;

        Layout(long n) {
            dataMd = Dnnl.desc(new long[] {n, channels, positions, 1}, dnnl.dnnl_nhwc);
            channelMd = Dnnl.desc(new long[] {channels}, dnnl.dnnl_a);
            dataBytes = Dnnl.bytes(dataMd);
            channelBytes = Dnnl.bytes(channelMd);
            Dnnl.check(dataBytes == 4L * n * channels * positions && channelBytes == 4L * channels ? dnnl.dnnl_success : -1,
                    "dense descriptors");
        }
    }

    /** @return scale and shift, and the ReLU if asked */
    private static int flags(boolean relu) {
        return dnnl.dnnl_use_scale | dnnl.dnnl_use_shift | (relu ? dnnl.dnnl_fuse_norm_relu : 0);
    }

    /** @return the descriptor of a forward primitive ({@code propKind}: training or inference) */
    private dnnl_primitive_desc forwardDesc(dnnl_memory_desc_t dataMd, int propKind, int flags, dnnl_primitive_attr attr) {
        dnnl_batch_normalization_desc_t fd = new dnnl_batch_normalization_desc_t();
        Dnnl.check(dnnl.dnnl_batch_normalization_forward_desc_init(fd, propKind, dataMd, epsilon, flags), "batch norm forward desc");
        return Dnnl.primitiveDesc(fd, attr, null);
    }

    /** @return {@code count} memory objects of descriptor {@code md}, bound before each use */
    private static dnnl_memory[] memories(dnnl_memory_desc_t md, int count) {
        dnnl_memory[] m = new dnnl_memory[count];
        for (int i = 0; i < count; i++) {
            m[i] = Dnnl.memory(md, null);
        }
        return m;
    }

    private Prims prims(long n, boolean relu) {
        return byBatch.computeIfAbsent(key(n, relu), k -> new Prims(n, relu));
    }

    /**
     * For tests and diagnostics: the implementations oneDNN chose at batch {@code n}.
     *
     * @param n batch size
     * @return e.g. {@code bnorm_jit:avx512_core/bnorm_jit:avx512_core} (forward / backward)
     */
    String implementations(long n) {
        Prims p = prims(n, false);
        return Dnnl.implementation(p.fwd.primitive) + "/" + Dnnl.implementation(p.bwd.primitive);
    }

    /** The primitives, their arguments and memory objects for one batch size. */
    private final class Prims {
        final ForwardIo io;
        final dnnl_memory diffSrc;
        final dnnl_memory diffDst;
        final dnnl_memory diffScale;
        final dnnl_memory diffShift;
        final Call fwd;
        final Call bwd;
        /** The ReLU's mask (with {@code fuse_norm_relu}), or null; its buffer is referenced here so that it lives. */
        final dnnl_memory workspace;
        final BytePointer workspaceBuffer;

        Prims(long n, boolean relu) {
            io = new ForwardIo(n);
            dnnl_memory_desc_t dataMd = io.layout.dataMd;
            int flags = flags(relu);
            dnnl_primitive_attr attr = Dnnl.userScratchpad();
            dnnl_primitive_desc fpd = forwardDesc(dataMd, dnnl.dnnl_forward_training, flags, attr);
            dnnl_batch_normalization_desc_t bd = new dnnl_batch_normalization_desc_t();
            Dnnl.check(dnnl.dnnl_batch_normalization_backward_desc_init(bd, dnnl.dnnl_backward, dataMd, dataMd, epsilon, flags),
                    "batch norm backward desc");
            dnnl_primitive_desc bpd = Dnnl.primitiveDesc(bd, attr, fpd);
            Dnnl.check(dnnl.dnnl_primitive_attr_destroy(attr), "attr");
            dnnl_memory[] diffs = memories(dataMd, 2);
            diffSrc = diffs[0];
            diffDst = diffs[1];
            dnnl_memory[] perChannel = memories(io.layout.channelMd, 2);
            diffScale = perChannel[0];
            diffShift = perChannel[1];
            if (relu) {
                dnnl_memory_desc_t wsMd = dnnl.dnnl_primitive_desc_query_md(fpd, dnnl.dnnl_query_workspace_md, 0);
                workspaceBuffer = new BytePointer(Math.max(64L, Dnnl.bytes(wsMd)));
                workspace = Dnnl.memory(wsMd, workspaceBuffer);
            } else {
                workspaceBuffer = null;
                workspace = null;
            }
            int[] fk = {DNNL_ARG_SRC, DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_DST, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE,
                DNNL_ARG_WORKSPACE};
            dnnl_memory[] fm = {io.src, io.scale, io.shift, io.dst, io.mean, io.var, workspace};
            fwd = new Call(fpd, java.util.Arrays.copyOf(fk, relu ? 7 : 6), java.util.Arrays.copyOf(fm, relu ? 7 : 6));
            int[] bk = {DNNL_ARG_SRC, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DIFF_DST, DNNL_ARG_SCALE, DNNL_ARG_SHIFT,
                DNNL_ARG_DIFF_SRC, DNNL_ARG_DIFF_SCALE, DNNL_ARG_DIFF_SHIFT, DNNL_ARG_WORKSPACE};
            dnnl_memory[] bm = {io.src, io.mean, io.var, diffDst, io.scale, io.shift, diffSrc, diffScale, diffShift, workspace};
            bwd = new Call(bpd, java.util.Arrays.copyOf(bk, relu ? 10 : 9), java.util.Arrays.copyOf(bm, relu ? 10 : 9));
            for (dnnl_primitive_desc pd : new dnnl_primitive_desc[] {fpd, bpd}) {
                Dnnl.check(dnnl.dnnl_primitive_desc_destroy(pd), "destroy");
            }
        }

        void destroy() {
            fwd.destroy();
            bwd.destroy();
            Dnnl.destroy(diffSrc, diffDst, diffScale, diffShift, workspace);
            io.destroy();
            if (workspaceBuffer != null) {
                workspaceBuffer.deallocate();
            }
        }
    }

    @Override
    public void close() {
        for (Prims p : byBatch.values()) {
            p.destroy();
        }
        byBatch.clear();
        for (Inference p : inferenceByKey.values()) {
            p.destroy();
        }
        inferenceByKey.clear();
        run.close();
    }
}
