package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.augment.Augmentation;
import io.deepbootstrap.core.checkpoint.StateTree;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The training pipeline shared by both worlds: take the next examples from the world's source, set
 * one-hot targets, then apply the augmentations in order with the augmentation stream. Each example is
 * augmented at the moment it is drawn, so in the ideal world every fresh example is augmented once.
 */
public final class TrainingBatchSource implements BatchSource {
    private final BatchSource source;
    private final List<Augmentation> augmentations;
    private final RandomGenerator random;

    /**
     * @param source the world's source (epoch or fresh)
     * @param augmentations applied in order
     * @param random the augmentation stream
     */
    public TrainingBatchSource(BatchSource source, List<Augmentation> augmentations, RandomGenerator random) {
        this.source = source;
        this.augmentations = List.copyOf(augmentations);
        this.random = random;
    }

    @Override
    public void fill(Batch batch) {
        source.fill(batch);
        batch.setOneHotTargets();
        for (Augmentation augmentation : augmentations) {
            augmentation.apply(batch, random);
        }
    }

    @Override
    public Position position() {
        Position inner = source.position();
        long stream = BatchSource.seekable(random, "augmentation").position();
        return state -> {
            inner.saveTo(state.section("source"));
            state.putLong("augmentation-stream", stream);
        };
    }

    @Override
    public void seek(StateTree saved) {
        source.seek(saved.getSection("source"));
        BatchSource.seekable(random, "augmentation").seek(saved.getLong("augmentation-stream"));
    }

    @Override
    public void close() {
        source.close();
    }
}
