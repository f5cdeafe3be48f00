package io.deepbootstrap.toolkit.nn;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the layers that call oneDNN's primitives directly ({@link DnnlConv}, {@link DnnlBatchNorm}; JavaCPP preset
 * {@code org.bytedeco:dnnl}, oneDNN 2.5) share: the CPU engine, descriptor and memory helpers, and a {@link Runner}
 * per layer that binds ND4J buffers to memory objects in place and executes primitives on its own stream with a
 * user-managed scratchpad.
 *
 * <p>oneDNN runs on OpenMP: its parallel regions use the calling thread's OpenMP thread count, which
 * {@code Nd4jRuntime} sets, and it sizes a primitive's scratchpad (per-thread buffers) by the count at the primitive's
 * creation: primitives are therefore kept per batch size and thread count ({@link #key}).
 */
final class Dnnl {
    private Dnnl() {
    }

    /** @return the CPU engine, or null when oneDNN cannot run here (other backend, library not loadable) */
    static dnnl_engine engine() {
        return Engine.ENGINE;
    }

    /**
     * @param dataType a layer's element type
     * @return whether oneDNN's primitives can run here: CPU backend, float32, library loaded
     */
    static boolean usable(DataType dataType) {
        return dataType == DataType.FLOAT && Engine.ENGINE != null;
    }

    /**
     * @param batch batch size
     * @return a key for primitives created for {@code batch} and the calling thread's OpenMP thread count
     */
    static long key(long batch) {
        int threads = Nd4jRuntime.ompThreadsHere();
        return batch * 4096 + Math.min(threads, 4095);
    }

    static void check(int status, String what) {
        if (status != dnnl.dnnl_success) {
            throw new IllegalStateException("oneDNN " + what + " failed with status " + status);
        }
    }

    static dnnl_memory_desc_t desc(long[] dims, int tag) {
        dnnl_memory_desc_t md = new dnnl_memory_desc_t();
        check(dnnl.dnnl_memory_desc_init_by_tag(md, dims.length, dims, dnnl.dnnl_f32, tag), "memory desc");
        return md;
    }

    static long bytes(dnnl_memory_desc_t md) {
        return dnnl.dnnl_memory_desc_get_size(md);
    }

    /** A memory object over {@code buffer}, or without a buffer (null: bound before each use). */
    static dnnl_memory memory(dnnl_memory_desc_t md, Pointer buffer) {
        dnnl_memory m = new dnnl_memory();
        check(dnnl.dnnl_memory_create(m, md, Engine.ENGINE, buffer == null ? new Addr().at(0) : buffer), "memory");
        LIVE.incrementAndGet();
        return m;
    }

    /** Destroys memory objects ({@link #memory}); null entries are skipped. */
    static void destroy(dnnl_memory... memories) {
        for (dnnl_memory m : memories) {
            if (m != null && !m.isNull()) {
                check(dnnl.dnnl_memory_destroy(m), "destroy memory");
                m.setNull();
                LIVE.decrementAndGet();
            }
        }
    }

    /** Destroys primitives ({@link #primitive}); null entries are skipped. */
    static void destroy(dnnl_primitive... primitives) {
        for (dnnl_primitive p : primitives) {
            if (p != null && !p.isNull()) {
                check(dnnl.dnnl_primitive_destroy(p), "destroy primitive");
                p.setNull();
                LIVE.decrementAndGet();
            }
        }
    }

    /**
     * For tests: the memory objects and primitives created through this class and not destroyed yet (all layers of
     * all networks in the process).
     *
     * @return the count
     */
    static long live() {
        return LIVE.get();
    }

    /** Memory objects and primitives created and not destroyed. */
    private static final java.util.concurrent.atomic.AtomicLong LIVE = new java.util.concurrent.atomic.AtomicLong();

    /** @return primitive attributes with a user-managed scratchpad (destroy after creating the descriptors) */
    static dnnl_primitive_attr userScratchpad() {
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        check(dnnl.dnnl_primitive_attr_create(attr), "attr");
        check(dnnl.dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl.dnnl_scratchpad_mode_user), "scratchpad mode");
        return attr;
    }

    /**
     * @param opDesc an operation descriptor ({@code dnnl_convolution_desc_t}, {@code dnnl_batch_normalization_desc_t}, ...)
     * @param attr attributes
     * @param hint the forward primitive's descriptor for a backward one, else null
     * @return the primitive descriptor of the first implementation oneDNN offers
     */
    static dnnl_primitive_desc primitiveDesc(Pointer opDesc, dnnl_primitive_attr attr, dnnl_primitive_desc hint) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl.dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(opDesc), attr, Engine.ENGINE, hint), "primitive desc");
        return pd;
    }

    static dnnl_primitive primitive(dnnl_primitive_desc pd) {
        dnnl_primitive p = new dnnl_primitive();
        check(dnnl.dnnl_primitive_create(p, pd), "primitive");
        LIVE.incrementAndGet();
        return p;
    }

    static dnnl_exec_arg_t args(int[] kinds, dnnl_memory[] memories) {
        dnnl_exec_arg_t a = new dnnl_exec_arg_t(kinds.length);
        for (int i = 0; i < kinds.length; i++) {
            a.getPointer(i).arg(kinds[i]).memory(memories[i]);
        }
        return a;
    }

    static boolean same(dnnl_memory_desc_t a, dnnl_memory_desc_t b) {
        return dnnl.dnnl_memory_desc_equal(a, b) != 0;
    }

    /** @return the implementation oneDNN chose for {@code primitive}, e.g. {@code jit:avx512_common} */
    static String implementation(dnnl_primitive primitive) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl.dnnl_primitive_get_primitive_desc(primitive, pd), "query");
        return implementationOf(pd);
    }

    /** @return the implementation of a primitive descriptor, e.g. {@code brgconv:avx512_core} */
    static String implementationOf(dnnl_primitive_desc pd) {
        PointerPointer<BytePointer> info = new PointerPointer<>(1);
        check(dnnl.dnnl_primitive_desc_query(pd, dnnl.dnnl_query_impl_info_str, 0, info), "query");
        return new BytePointer(info.get(0)).getString();
    }

    /**
     * One layer's stream, scratchpad and address pointer: binds ND4J arrays to memory objects and executes primitives.
     * Used by one thread at a time.
     */
    static final class Runner implements AutoCloseable {
        private final dnnl_stream stream = new dnnl_stream();
        private final Addr addr = new Addr();
        /** The scratchpad shared by the layer's primitives (bound before each use, grown when a primitive needs more). */
        private BytePointer scratch = new BytePointer(64L);

        Runner() {
            check(dnnl.dnnl_stream_create(stream, Engine.ENGINE, dnnl.dnnl_stream_default_flags), "stream");
        }

        /**
         * Points {@code m} at {@code a}'s first element (nothing when {@code a} is null). {@code bytes} is the size of
         * {@code m}'s descriptor: an array of another size (or one not inside its buffer) is refused, so that oneDNN
         * never reads or writes outside it.
         */
        void bind(dnnl_memory m, INDArray a, long bytes) {
            if (a == null) {
                return;
            }
            if (!Kernels.isContiguous(a) || a.dataType() != DataType.FLOAT || a.length() * 4L != bytes) {
                throw new IllegalArgumentException("oneDNN needs contiguous float32 arrays of " + bytes
                        + " bytes, got " + a.dataType() + " shape " + java.util.Arrays.toString(a.shape()) + " strides "
                        + java.util.Arrays.toString(a.stride()));
            }
            // a view's buffer is itself a view starting at the view's offset (its address pointer points there, as in Blas)
            long position = a.offset() - a.data().offset();
            if (position < 0 || position + a.length() > a.data().length()) {
                throw new IllegalStateException("array of " + a.length() + " elements at " + position
                        + " outside its buffer of " + a.data().length());
            }
            long first = a.data().addressPointer().address() + position * 4L;
            check(dnnl.dnnl_memory_set_data_handle(m, addr.at(first)), "set handle");
        }

        /** Executes {@code primitive} and waits for it; {@code scratchMem} (if any) is pointed at the scratchpad first. */
        void execute(dnnl_primitive primitive, dnnl_exec_arg_t args, dnnl_memory scratchMem) {
            int count = (int) args.capacity();
            if (scratchMem != null) {
                check(dnnl.dnnl_memory_set_data_handle(scratchMem, scratch), "scratchpad");
            }
            check(dnnl.dnnl_primitive_execute(primitive, stream, count, args), "execute");
            check(dnnl.dnnl_stream_wait(stream), "wait");
        }

        /** Makes the shared scratchpad at least as large as {@code pd}'s and returns a memory object for it. */
        dnnl_memory scratchFor(dnnl_primitive_desc pd) {
            dnnl_memory_desc_t md = dnnl.dnnl_primitive_desc_query_md(pd, dnnl.dnnl_query_scratchpad_md, 0);
            long size = dnnl.dnnl_memory_desc_get_size(md);
            if (size > scratch.capacity()) {
                scratch.deallocate();
                scratch = new BytePointer(size);
            }
            return memory(md, null);
        }

        @Override
        public void close() {
            dnnl.dnnl_stream_destroy(stream);
            scratch.deallocate();
        }
    }

    /** A pointer whose address is set in place (no allocation per call). */
    static final class Addr extends Pointer {
        Addr at(long a) {
            address = a;
            return this;
        }
    }

    /** The CPU engine, created when first needed; null when oneDNN cannot run here. */
    private static final class Engine {
        static final dnnl_engine ENGINE = create();

        private static dnnl_engine create() {
            try {
                if (!Nd4j.getBackend().getClass().getName().contains("Cpu")) {
                    return null;
                }
                dnnl_engine e = new dnnl_engine();
                return dnnl.dnnl_engine_create(e, dnnl.dnnl_cpu, 0) == dnnl.dnnl_success ? e : null;
            } catch (RuntimeException | LinkageError e) {
                System.getLogger(Dnnl.class.getName()).log(System.Logger.Level.WARNING,
                        "oneDNN (org.bytedeco:dnnl) unavailable, convolutions and batch norm use libnd4j's ops: " + e);
                return null;
            }
        }
    }
}
