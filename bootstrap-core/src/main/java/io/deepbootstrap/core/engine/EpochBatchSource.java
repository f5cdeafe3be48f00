package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.Batch;
import java.util.random.RandomGenerator;

/**
 * The real world: minibatches from a fixed set S, reshuffled every epoch. Batches are always full: a batch
 * that crosses an epoch boundary takes the rest of one permutation and the start of the next, so every
 * example is used exactly once per epoch.
 */
public final class EpochBatchSource implements BatchSource {
    private final ExampleSet set;
    private final RandomGenerator order;
    private final int[] permutation;
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
                Shuffle.shuffle(permutation, order);
                cursor = 0;
            }
            int i = permutation[cursor++];
            batch.labels()[b] = set.read(i, batch.features(), b * n);
            batch.exampleIds()[b] = set.id(i);
        }
        batch.setSize(batch.capacity());
    }
}
