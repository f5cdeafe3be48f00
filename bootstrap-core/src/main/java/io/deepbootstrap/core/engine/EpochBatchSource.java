package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.core.checkpoint.CheckpointException;
import io.deepbootstrap.core.checkpoint.StateTree;
import java.util.random.RandomGenerator;

/**
 * The real world: minibatches from a fixed set S, reshuffled every epoch. Batches are always full: a batch
 * that crosses an epoch boundary takes the rest of one permutation and the start of the next, so every
 * example is used exactly once per epoch. Each epoch's order is a new array (the previous one shuffled), so a
 * {@link #position()} holds a reference to it instead of a copy.
 */
public final class EpochBatchSource implements BatchSource {
    private final ExampleSet set;
    private final RandomGenerator order;
    private int[] permutation;
    private int cursor;

    /**
     * @param set the train set S
     * @param order the data-order random stream
     */
    public EpochBatchSource(ExampleSet set, RandomGenerator order) {
        if (set.size() < 1) {
            throw new IllegalArgumentException("empty train set");
        }
        this.set = set;
        this.order = order;
        this.permutation = new int[set.size()];
        for (int i = 0; i < permutation.length; i++) {
            permutation[i] = i;
        }
        this.cursor = permutation.length; // shuffle before the first batch
    }

    @Override
    public void fill(Batch batch) {
        int n = batch.shape().size();
        for (int b = 0; b < batch.capacity(); b++) {
            if (cursor == permutation.length) {
                permutation = permutation.clone();
                Shuffle.shuffle(permutation, order);
                cursor = 0;
            }
            int i = permutation[cursor++];
            batch.labels()[b] = set.read(i, batch.features(), b * n);
            batch.exampleIds()[b] = set.id(i);
        }
        batch.setSize(batch.capacity());
    }

    @Override
    public Position position() {
        int[] epochOrder = permutation;
        int at = cursor;
        long stream = BatchSource.seekable(order, "epoch order").position();
        return state -> {
            state.putInts("permutation", epochOrder);
            state.putInt("cursor", at);
            state.putLong("order-stream", stream);
        };
    }

    @Override
    public void seek(StateTree saved) {
        int[] p = saved.getInts("permutation");
        int at = saved.getInt("cursor");
        if (p.length != set.size() || at < 0 || at > p.length) {
            throw new CheckpointException("checkpoint " + saved.path() + ": an epoch order of " + p.length
                    + " examples at " + at + " does not fit a train set of " + set.size());
        }
        boolean[] seen = new boolean[p.length];
        for (int i : p) {
            if (i < 0 || i >= p.length || seen[i]) {
                throw new CheckpointException("checkpoint " + saved.path() + ": the saved epoch order is not a permutation");
            }
            seen[i] = true;
        }
        BatchSource.seekable(order, "epoch order").seek(saved.getLong("order-stream"));
        permutation = p;
        cursor = at;
    }
}
