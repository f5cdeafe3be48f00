package io.deepbootstrap.api.augment;

import io.deepbootstrap.api.Batch;
import java.util.random.RandomGenerator;

/**
 * A random transformation of training minibatches. The framework applies it to every training batch
 * at the moment the batch is drawn, in both worlds alike, with the augmentation random stream; so in
 * the ideal world every fresh example is augmented exactly once. Test and train-set evaluation batches
 * are never augmented.
 */
public interface Augmentation {

    /**
     * Transforms the first {@code batch.size()} examples in place. May change features, and targets
     * (e.g. mixup writes soft targets); must not change {@link Batch#labels()} or the batch size.
     *
     * @param batch the batch to transform
     * @param random the augmentation random stream
     */
    void apply(Batch batch, RandomGenerator random);
}
