package io.deepbootstrap.toolkit.nn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * <p>Primitives are kept per batch size, OpenMP thread count ({@link Dnnl#key}), epilogue and <b>lane</b>: a lane has
 * its own stream, scratchpad and memory objects, so that two lanes can run at the same time on two threads (the two
 * halves of a batch, {@link DenseStack}); the packed weights are one copy per blocked layout, shared by every
 * primitive that uses that layout, in every lane. Results are deterministic for a given batch size and OpenMP thread
 * count (at two OpenMP threads oneDNN splits the sum over a wide input, e.g. 3,072, and the results differ from one
 * thread's in the last bit); they differ from the BLAS path's ({@link Dense#forward}) in the last bits (another
 * summation order). One lane is used by one thread at a time; {@link #prepare} (which may create primitives and
 * re-pack) must not run while any lane runs.
 */
final class DnnlDense implements AutoCloseable {
    /** The number of lanes (two batch halves at once). */
    static final int LANES = 2;

    private final long in;
    private final long units;
    private final Dnnl.Runner[] runners = new Dnnl.Runner[LANES];
    private final Map<Long, Fused> byKey = new HashMap<>();
    /** The packed weights, one per blocked layout. */
    private final List<Packed> packed = new ArrayList<>();

    /**
     * @param in input width
     * @param units output width
     */
    DnnlDense(long in, long units) {
        this.in = in;
        this.units = units;
    }

    /**
     * {@code out = x W + b}, then {@code max(0, out)} if {@code relu}, on lane 0 ({@link #prepare} then {@link #run}).
     *
     * @param x {@code [n, in]}, C-order contiguous float32
     * @param weight {@code [in, units]}, C-order contiguous
     * @param bias {@code [units]}
     * @param relu whether to clamp at zero
     * @param out {@code [n, units]}, C-order contiguous
     * @param version the weights' version: they are reordered again whenever it differs from the version they were
     *     last packed at (the caller changes it whenever the weights may have changed)
     */
    void inference(INDArray x, INDArray weight, INDArray bias, boolean relu, INDArray out, long version) {
        prepare(x.size(0), relu, 0, weight, version);
        run(x, weight, bias, relu, out, 0);
    }

    /**
     * Creates the primitive for {@code n} rows on {@code lane} at the calling thread's OpenMP thread count if needed and
     * packs the weights if their version changed; afterwards {@link #run} with the same arguments may run on any thread.
     *
     * @param n batch size
     * @param relu whether to clamp at zero
     * @param lane the lane, {@code 0 <= lane < }{@link #LANES}
     * @param weight {@code [in, units]}, C-order contiguous
     * @param version the weights' version (see {@link #inference})
     */
    void prepare(long n, boolean relu, int lane, INDArray weight, long version) {
        Fused f = fused(n, relu, lane, true);
        if (f.weights != null && f.weights.version != version) {
            Dnnl.Runner run = runner(0);
            run.bind(f.weights.user, weight, f.weights.userBytes);
            run.execute(f.weights.reorder, f.weights.reorderArgs, null);
            f.weights.version = version;
        }
    }

    /**
     * {@code out = x W + b}, then {@code max(0, out)} if {@code relu}, with the primitive and packed weights that
     * {@link #prepare} made ready for {@code x}'s rows, this lane and the calling thread's OpenMP thread count.
     *
     * @param x {@code [n, in]}, C-order contiguous float32 (a view of some rows is fine)
     * @param weight {@code [in, units]} (read only when oneDNN uses the weights in their own layout)
     * @param bias {@code [units]}
     * @param relu whether to clamp at zero
     * @param out {@code [n, units]}, C-order contiguous
     * @param lane the lane
     */
    void run(INDArray x, INDArray weight, INDArray bias, boolean relu, INDArray out, int lane) {
        Fused f = fused(x.size(0), relu, lane, false);
        Dnnl.Runner run = runners[lane];
        run.bind(f.src, x, f.srcBytes);
        run.bind(f.dst, out, f.dstBytes);
        run.bind(f.biasMem, bias, f.biasBytes);
        if (f.weights == null) {
            run.bind(f.userWeights, weight, f.weightBytes);
        }
        run.execute(f.fwd, f.args, f.scratch);
    }

    /** @return the implementation oneDNN chose for batch {@code n} (e.g. {@code brgemm:avx512_core}), for tests */
    String implementation(long n, boolean relu) {
        return Dnnl.implementation(fused(n, relu, 0, true).fwd);
    }

    /** @return the number of packed weight copies (one per blocked layout in use), for tests */
    int packedCopies() {
        return packed.size();
    }

    private Dnnl.Runner runner(int lane) {
        if (runners[lane] == null) {
            runners[lane] = new Dnnl.Runner();
        }
        return runners[lane];
    }

    private Fused fused(long n, boolean relu, int lane, boolean create) {
        long key = (Dnnl.key(n) * 2 + (relu ? 1 : 0)) * LANES + lane;
        Fused f = byKey.get(key);
        if (f == null) {
            if (!create) {
                throw new IllegalStateException("no inference primitive prepared for " + n + " rows on lane " + lane
                        + " at " + Nd4jRuntime.ompThreadsHere() + " OpenMP threads");
            }
            f = new Fused(n, relu, runner(lane));
            byKey.put(key, f);
        }
        return f;
    }

    /** The weights packed into one blocked layout: the buffer, the reorder from the layer's layout, their version. */
    private static final class Packed {
        final dnnl_memory_desc_t md;
        final dnnl_memory user;
        final long userBytes;
        final dnnl_primitive reorder;
        final dnnl_exec_arg_t reorderArgs;
        final dnnl_memory own;
        /** The packed weights' buffer: referenced so that JavaCPP does not free it while oneDNN's memory objects use it. */
        final BytePointer buffer;
        /** The version of the weights in {@link #buffer}; none yet. */
        long version = Long.MIN_VALUE;

        Packed(dnnl_memory_desc_t userMd, dnnl_memory_desc_t md) {
            this.md = md;
            user = Dnnl.memory(userMd, null);
            userBytes = Dnnl.bytes(userMd);
            dnnl_primitive_desc rpd = new dnnl_primitive_desc();
            Dnnl.check(dnnl.dnnl_reorder_primitive_desc_create(rpd, userMd, Dnnl.engine(), md, Dnnl.engine(), null),
                    "reorder desc");
            reorder = Dnnl.primitive(rpd);
            Dnnl.check(dnnl.dnnl_primitive_desc_destroy(rpd), "destroy");
            buffer = new BytePointer(Math.max(64L, dnnl.dnnl_memory_desc_get_size(md)));
            own = Dnnl.memory(md, buffer);
            reorderArgs = Dnnl.args(new int[] {DNNL_ARG_FROM, DNNL_ARG_TO}, new dnnl_memory[] {user, own});
        }

        void destroy() {
            Dnnl.destroy(reorder);
            Dnnl.destroy(user, own);
            buffer.deallocate();
        }
    }

    /** @return the packed weights in layout {@code md}, created on first use */
    private Packed packedFor(dnnl_memory_desc_t userMd, dnnl_memory_desc_t md) {
        for (Packed p : packed) {
            if (Dnnl.same(p.md, md)) {
                return p;
            }
        }
        // the queried descriptor belongs to the primitive descriptor, which is destroyed after use: keep a copy
        dnnl_memory_desc_t copy = new dnnl_memory_desc_t();
        copy.put(md);
        Packed p = new Packed(userMd, copy);
        packed.add(p);
        return p;
    }

    /** The inference primitive for one batch size, thread count, epilogue and lane, and its memory objects. */
    private final class Fused {
        final dnnl_memory src;
        final dnnl_memory dst;
        final dnnl_memory biasMem;
        final dnnl_memory userWeights;
        final dnnl_memory scratch;
        final dnnl_primitive fwd;
        final dnnl_exec_arg_t args;
        /** The packed weights the primitive reads, or null when it reads the layer's weights in place. */
        final Packed weights;
        final long srcBytes;
        final long dstBytes;
        final long weightBytes;
        final long biasBytes;

        Fused(long n, boolean relu, Dnnl.Runner run) {
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
            dnnl_memory_desc_t fw = dnnl.dnnl_primitive_desc_query_md(pd, dnnl.dnnl_query_weights_md, 0);
            weights = Dnnl.same(fw, userW) ? null : packedFor(userW, fw);
            userWeights = weights == null ? Dnnl.memory(userW, null) : null;
            fwd = Dnnl.primitive(pd);
            scratch = run.scratchFor(pd);
            args = Dnnl.args(new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST, DNNL_ARG_SCRATCHPAD},
                    new dnnl_memory[] {src, weights == null ? userWeights : weights.own, biasMem, dst, scratch});
            Dnnl.check(dnnl.dnnl_primitive_desc_destroy(pd), "destroy");
        }

        void destroy() {
            Dnnl.destroy(fwd);
            Dnnl.destroy(src, dst, biasMem, userWeights, scratch);
        }
    }

    @Override
    public void close() {
        for (Fused f : byKey.values()) {
            f.destroy();
        }
        byKey.clear();
        for (Packed p : packed) {
            p.destroy();
        }
        packed.clear();
        for (int lane = 0; lane < LANES; lane++) {
            if (runners[lane] != null) {
                runners[lane].close();
                runners[lane] = null;
            }
        }
    }
}
