package io.deepbootstrap.toolkit.nn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_inner_product_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.BytePointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense layer's inference pass {@code y = x W + b} (then {@code max(0, y)} when a ReLU follows) as one oneDNN inner
 * product primitive (JavaCPP preset {@code org.bytedeco:dnnl}, oneDNN 2.5): the weights are reordered once into the
 * blocked layout the primitive chose and kept there until they change ({@link #inference}'s {@code version}); bias
 * and ReLU are the primitive's own epilogue. The input and output are the ND4J buffers, used in place.
 *
 * <p>Primitives are kept per batch size, OpenMP thread count ({@link Dnnl#key}) and epilogue, each with its own copy
 * of the packed weights. Results are deterministic for a given batch size and thread count; they differ from the
 * BLAS path's ({@link Dense#forward}) in the last bits (another summation order). One instance belongs to one layer
 * and is used by one thread at a time.
 */
final class DnnlDense implements AutoCloseable {
    private final long in;
    private final long units;
    private final Dnnl.Runner run = new Dnnl.Runner();
    private final Map<Long, Fused> byKey = new HashMap<>();

    /**
     * @param in input width
     * @param units output width
     */
    DnnlDense(long in, long units) {
        this.in = in;
        this.units = units;
    }

    /**
     * {@code out = x W + b}, then {@code max(0, out)} if {@code relu}.
     *
     * @param x {@code [n, in]}, C-order contiguous float32
     * @param weight {@code [in, units]}, C-order contiguous
     * @param bias {@code [units]}
     * @param relu whether to clamp at zero
     * @param out {@code [n, units]}, C-order contiguous
     * @param version the weights' version: they are reordered again whenever it differs from the last call's for
     *     this batch size (the caller changes it whenever the weights may have changed)
     */
    void inference(INDArray x, INDArray weight, INDArray bias, boolean relu, INDArray out, long version) {
        Fused f = fused(x.size(0), relu);
        if (f.packed != version) {
            run.bind(f.userWeights, weight, f.weightBytes);
            if (f.reorder != null) {
                run.execute(f.reorder, f.reorderArgs, null);
            }
            f.packed = version;
        }
        run.bind(f.src, x, f.srcBytes);
        run.bind(f.dst, out, f.dstBytes);
        run.bind(f.biasMem, bias, f.biasBytes);
        if (f.reorder == null) {
            run.bind(f.userWeights, weight, f.weightBytes);
        }
        run.execute(f.fwd, f.args, f.scratch);
    }

    /** @return the implementation oneDNN chose for batch {@code n} (e.g. {@code brgemm:avx512_core}), for tests */
    String implementation(long n, boolean relu) {
        return Dnnl.implementation(fused(n, relu).fwd);
    }

    private Fused fused(long n, boolean relu) {
        long key = Dnnl.key(n) * 2 + (relu ? 1 : 0);
        Fused f = byKey.get(key);
        if (f == null) {
            f = new Fused(n, relu);
            byKey.put(key, f);
        }
        return f;
    }

    /** The inference primitive for one batch size, thread count and epilogue, its memory objects and packed weights. */
    private final class Fused {
        final dnnl_memory src;
        final dnnl_memory dst;
        final dnnl_memory biasMem;
        final dnnl_memory userWeights;
        final dnnl_memory scratch;
        final dnnl_primitive fwd;
        final dnnl_exec_arg_t args;
        final dnnl_primitive reorder;
        final dnnl_exec_arg_t reorderArgs;
        final dnnl_memory own;
        /** The packed weights' buffer: referenced so that JavaCPP does not free it while oneDNN's memory object uses it. */
        final BytePointer ownBuffer;
        final long srcBytes;
        final long dstBytes;
        final long weightBytes;
        final long biasBytes;
        /** The version of the weights in {@link #own}; none yet. */
        long packed = Long.MIN_VALUE;

        Fused(long n, boolean relu) {
            dnnl_memory_desc_t srcMd = Dnnl.desc(new long[] {n, in}, dnnl.dnnl_ab);
            dnnl_memory_desc_t dstMd = Dnnl.desc(new long[] {n, units}, dnnl.dnnl_ab);
            // oneDNN's weights are [out, in]; ours are [in, out] row-major, i.e. its "ba"
            dnnl_memory_desc_t userW = Dnnl.desc(new long[] {units, in}, dnnl.dnnl_ba);
            dnnl_memory_desc_t anyW = Dnnl.desc(new long[] {units, in}, dnnl.dnnl_format_tag_any);
            dnnl_memory_desc_t biasMd = Dnnl.desc(new long[] {units}, dnnl.dnnl_a);
            srcBytes = Dnnl.bytes(srcMd);
            dstBytes = Dnnl.bytes(dstMd);
            weightBytes = Dnnl.bytes(userW);
            biasBytes = Dnnl.bytes(biasMd);
            dnnl_inner_product_desc_t d = new dnnl_inner_product_desc_t();
            Dnnl.check(dnnl.dnnl_inner_product_forward_desc_init(d, dnnl.dnnl_forward_inference, srcMd, anyW, biasMd, dstMd),
                    "inner product desc");
            dnnl_primitive_attr attr = Dnnl.userScratchpad();
            dnnl_post_ops ops = new dnnl_post_ops();
            Dnnl.check(dnnl.dnnl_post_ops_create(ops), "post-ops");
            if (relu) {
                Dnnl.check(dnnl.dnnl_post_ops_append_eltwise(ops, 1f, dnnl.dnnl_eltwise_relu, 0f, 0f), "relu");
            }
            Dnnl.check(dnnl.dnnl_primitive_attr_set_post_ops(attr, ops), "set post-ops");
            dnnl_primitive_desc pd = Dnnl.primitiveDesc(d, attr, null);
            Dnnl.check(dnnl.dnnl_post_ops_destroy(ops), "destroy post-ops");
            Dnnl.check(dnnl.dnnl_primitive_attr_destroy(attr), "attr");
            src = Dnnl.memory(srcMd, null);
            dst = Dnnl.memory(dstMd, null);
            biasMem = Dnnl.memory(biasMd, null);
            userWeights = Dnnl.memory(userW, null);
            dnnl_memory_desc_t fw = dnnl.dnnl_primitive_desc_query_md(pd, dnnl.dnnl_query_weights_md, 0);
            if (Dnnl.same(fw, userW)) {
                reorder = null;
                reorderArgs = null;
                own = null;
                ownBuffer = null;
            } else {
                dnnl_primitive_desc rpd = new dnnl_primitive_desc();
                Dnnl.check(dnnl.dnnl_reorder_primitive_desc_create(rpd, userW, Dnnl.engine(), fw, Dnnl.engine(), null),
                        "reorder desc");
                reorder = Dnnl.primitive(rpd);
                Dnnl.check(dnnl.dnnl_primitive_desc_destroy(rpd), "destroy");
                ownBuffer = new BytePointer(Math.max(64L, dnnl.dnnl_memory_desc_get_size(fw)));
                own = Dnnl.memory(fw, ownBuffer);
                reorderArgs = Dnnl.args(new int[] {DNNL_ARG_FROM, DNNL_ARG_TO}, new dnnl_memory[] {userWeights, own});
            }
            fwd = Dnnl.primitive(pd);
            scratch = run.scratchFor(pd);
            args = Dnnl.args(new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST, DNNL_ARG_SCRATCHPAD},
                    new dnnl_memory[] {src, own == null ? userWeights : own, biasMem, dst, scratch});
            Dnnl.check(dnnl.dnnl_primitive_desc_destroy(pd), "destroy");
        }

        void destroy() {
            Dnnl.destroy(fwd, reorder);
            Dnnl.destroy(src, dst, biasMem, userWeights, scratch, own);
            if (ownBuffer != null) {
                ownBuffer.deallocate();
            }
        }
    }

    @Override
    public void close() {
        for (Fused f : byKey.values()) {
            f.destroy();
        }
        byKey.clear();
        run.close();
    }
}
