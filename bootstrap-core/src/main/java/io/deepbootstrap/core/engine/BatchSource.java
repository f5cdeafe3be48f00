package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.Batch;

/**
 * Where a world's minibatches come from. The trainer is identical for both worlds; only this object
 * differs: the real world reshuffles its N examples every epoch ({@link EpochBatchSource}), the ideal
 * world draws examples nobody has seen ({@link FreshGeneratorBatchSource}, {@link PoolStreamBatchSource}).
 */
public interface BatchSource extends AutoCloseable {

    /**
     * Fills the batch with the next {@code batch.capacity()} training examples (features, labels, ids)
     * and sets its size to its capacity.
     *
     * @param batch the buffer to fill
     */
    void fill(Batch batch);

    /** Releases threads or files; the default does nothing. */
    @Override
    default void close() {
    }
}
