package io.deepbootstrap.toolkit.nn;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Temporary native buffers that a layer borrows for the duration of one forward or backward call (padded
 * copies, transposed operands) and gives back before the call returns. Buffers are pooled process-wide and
 * reused by every layer and network, so a network needs the largest temporary of one layer at a time instead
 * of one per layer; the pool holds at most as many buffers of each size as were ever borrowed at once (one
 * or two per training thread), never frees them while the process runs, and so stays the same size from the
 * first training step on.
 *
 * <p>Contents are undefined when borrowed. Thread-safe.
 */
final class Scratch {
    private static final List<INDArray> FREE = new ArrayList<>();
    /** Every pooled array by its storage (identity), so that a released view gives back the array itself. Guarded by FREE. */
    private static final Map<DataBuffer, INDArray> POOLED = new IdentityHashMap<>();
    private static volatile INDArray onesFloat;
    private static volatile INDArray onesDouble;
    /** Views of the rows of ones by length (creating a view costs more than many small ops). */
    private static final java.util.Map<Long, INDArray> ONES_FLOAT = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<Long, INDArray> ONES_DOUBLE = new java.util.concurrent.ConcurrentHashMap<>();

    private Scratch() {
    }

    /**
     * @param dataType element type
     * @param length number of elements needed
     * @return a flat C-order buffer of exactly {@code length} elements (a view of a pooled buffer); give it
     *     back with {@link #release}
     */
    static INDArray borrow(DataType dataType, long length) {
        INDArray best = null;
        synchronized (FREE) {
            for (INDArray b : FREE) {
                if (b.dataType() == dataType && b.length() >= length && (best == null || b.length() < best.length())) {
                    best = b;
                }
            }
            if (best != null) {
                FREE.remove(best);
            }
        }
        if (best == null) {
            best = Nd4j.createUninitialized(dataType, Math.max(length, 1));
            synchronized (FREE) {
                POOLED.put(best.data(), best);
            }
        }
        return best.length() == length ? best : best.get(NDArrayIndex.interval(0, length));
    }

    /**
     * @param dataType FLOAT or DOUBLE
     * @param length number of ones
     * @return a read-only row {@code [1, length]} of ones, shared (never write into it)
     */
    static INDArray ones(DataType dataType, long length) {
        java.util.Map<Long, INDArray> views = dataType == DataType.DOUBLE ? ONES_DOUBLE : ONES_FLOAT;
        INDArray v = views.get(length);
        if (v != null) {
            return v;
        }
        synchronized (Scratch.class) {
            INDArray o = dataType == DataType.DOUBLE ? onesDouble : onesFloat;
            if (o == null || o.length() < length) {
                o = Nd4j.ones(dataType, 1, Math.max(length, o == null ? 0 : 2 * o.length()));
                views.clear(); // views of the old row stay valid for their holders
                if (dataType == DataType.DOUBLE) {
                    onesDouble = o;
                } else {
                    onesFloat = o;
                }
            }
            v = o.length() == length ? o : o.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, length)).reshape(1, length);
            views.put(length, v);
            return v;
        }
    }

    /**
     * Gives a buffer back to the pool.
     *
     * @param buffer a buffer returned by {@link #borrow} (or a reshaped view of it)
     */
    static void release(INDArray buffer) {
        synchronized (FREE) {
            FREE.add(pooled(buffer.data()));
        }
    }

    /**
     * The pooled array whose storage {@code d} is or views. Not a new array over {@code d}: ND4J (1.0.0-M2.1) makes
     * a view's storage a new buffer that wraps its parent's, and asks the whole chain on every access
     * ({@code wasClosed}); wrapping the released view's storage made every borrow and release add one link, so
     * the small CNN's training step grew from 41 to 55 ms CPU over four runs of 400 steps in one process
     * (docs/PERFORMANCE.md, "End to end").
     */
    private static INDArray pooled(DataBuffer d) {
        for (DataBuffer b = d; b != null; b = b.underlyingDataBuffer() == b ? null : b.underlyingDataBuffer()) {
            INDArray a = POOLED.get(b);
            if (a != null) {
                return a;
            }
        }
        throw new IllegalArgumentException("not a scratch buffer: " + d);
    }

    /**
     * For tests: how many storage buffers a scratch view's storage wraps (ND4J's chain of views' buffers).
     *
     * @param view a borrowed buffer
     * @return the length of the chain from its storage to the root storage
     */
    static int wrapDepth(INDArray view) {
        int depth = 0;
        for (DataBuffer b = view.data(); b.underlyingDataBuffer() != null && b.underlyingDataBuffer() != b; b = b.underlyingDataBuffer()) {
            depth++;
        }
        return depth;
    }
}
