package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.core.checkpoint.StateTree;

/**
 * Where a world's minibatches come from. The trainer is identical for both worlds; only this object
 * differs: the real world reshuffles its N examples every epoch ({@link EpochBatchSource}), the ideal
 * world draws examples nobody has seen ({@link FreshGeneratorBatchSource}, {@link PoolStreamBatchSource}).
 *
 * <p>For checkpoints a source reports its {@link #position()} after the batches filled so far and can
 * {@link #seek} back to a saved one: a new source of the same configuration, sought to the position saved
 * after batch k, fills batch k + 1 next, bit for bit.
 */
public interface BatchSource extends AutoCloseable {

    /**
     * Fills the batch with the next {@code batch.capacity()} training examples (features, labels, ids)
     * and sets its size to its capacity.
     *
     * @param batch the buffer to fill
     */
    void fill(Batch batch);

    /**
     * @return the position after the batches filled so far: an immutable snapshot (later fills do not change
     *     it), cheap to take after every batch
     * @throws UnsupportedOperationException if this source cannot be checkpointed (the default)
     */
    default Position position() {
        throw new UnsupportedOperationException(getClass().getName() + " does not support checkpoints");
    }

    /**
     * Continues from a saved position: the next {@link #fill} gives the batch that followed it. Call it
     * before the first fill.
     *
     * @param saved what a {@link Position} of a source of the same configuration saved
     * @throws io.deepbootstrap.core.checkpoint.CheckpointException if it does not fit this source
     * @throws UnsupportedOperationException if this source cannot be checkpointed (the default)
     */
    default void seek(StateTree saved) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support checkpoints");
    }

    /** Releases threads or files; the default does nothing. */
    @Override
    default void close() {
    }

    /** A source's position at one moment, written into a checkpoint on demand. */
    @FunctionalInterface
    interface Position {
        /** @param state an empty section to write the position into */
        void saveTo(StateTree state);
    }

    /**
     * @param stream a stream the engine created ({@link RandomStreams#stream})
     * @param what what it draws, for the message
     * @return it as a {@link SeekableRandom}
     * @throws UnsupportedOperationException if it is another kind of random generator
     */
    static SeekableRandom seekable(java.util.random.RandomGenerator stream, String what) {
        if (stream instanceof SeekableRandom s) {
            return s;
        }
        throw new UnsupportedOperationException("the " + what + " stream is a " + stream.getClass().getName()
                + ", not a SeekableRandom, so it cannot be checkpointed");
    }
}
