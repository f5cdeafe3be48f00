package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.core.checkpoint.CheckpointException;
import io.deepbootstrap.core.checkpoint.StateTree;

/**
 * The ideal world on a pool: walks once through a reserved range of a permutation of the pool, so no
 * example is ever given twice and none belongs to a train or test set.
 */
public final class PoolStreamBatchSource implements BatchSource {
    private final ExamplePool pool;
    private final String name;
    private final int[] permutation;
    private final int start;
    private final int end;
    private int cursor;

    /**
     * @param pool the pool
     * @param name its name for messages
     * @param permutation a permutation of the pool's indices
     * @param start first position of the reserved range
     * @param end one past its last position
     */
    public PoolStreamBatchSource(ExamplePool pool, String name, int[] permutation, int start, int end) {
        this.pool = pool;
        this.name = name;
        this.permutation = permutation;
        this.start = start;
        this.cursor = start;
        this.end = end;
    }

    @Override
    public void fill(Batch batch) {
        if (end - cursor < batch.capacity()) {
            throw new IllegalStateException(name + ": the ideal world ran out of fresh examples");
        }
        int n = batch.shape().size();
        for (int b = 0; b < batch.capacity(); b++) {
            int index = permutation[cursor++];
            batch.labels()[b] = DataChecks.label(pool.read(index, batch.features(), b * n), pool.numClasses(), name, index);
            batch.exampleIds()[b] = index;
        }
        batch.setSize(batch.capacity());
    }

    @Override
    public Position position() {
        int at = cursor;
        return state -> state.putInt("cursor", at);
    }

    @Override
    public void seek(StateTree saved) {
        int at = saved.getInt("cursor");
        if (at < start || at > end) {
            throw new CheckpointException("checkpoint " + saved.path() + ": fresh-stream position " + at
                    + " is outside the reserved range [" + start + ", " + end + ")");
        }
        cursor = at;
    }
}
