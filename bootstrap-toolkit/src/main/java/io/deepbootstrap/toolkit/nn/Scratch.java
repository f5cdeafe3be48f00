package io.deepbootstrap.toolkit.nn;

import java.util.ArrayList;
import java.util.List;
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
        INDArray whole = Nd4j.create(buffer.data(), new long[] {buffer.data().length()});
        synchronized (FREE) {
            FREE.add(whole);
        }
    }
}
