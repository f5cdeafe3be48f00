package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.core.checkpoint.StateTree;
import java.util.random.RandomGenerator;

/** The ideal world on a generator: every example is a new draw from the fresh-sample stream. */
public final class FreshGeneratorBatchSource implements BatchSource {
    private final ExampleGenerator generator;
    private final RandomGenerator fresh;
    private long drawn;

    /**
     * @param generator the distribution
     * @param fresh the fresh-sample random stream (never used for anything else)
     */
    public FreshGeneratorBatchSource(ExampleGenerator generator, RandomGenerator fresh) {
        this.generator = generator;
        this.fresh = fresh;
    }

    @Override
    public void fill(Batch batch) {
        generator.sample(fresh, batch.features(), 0, batch.labels(), 0, batch.capacity());
        for (int b = 0; b < batch.capacity(); b++) {
            DataChecks.label(batch.labels()[b], generator.numClasses(), "generator", drawn);
            batch.exampleIds()[b] = drawn++;
        }
        batch.setSize(batch.capacity());
    }

    @Override
    public Position position() {
        long count = drawn;
        long stream = BatchSource.seekable(fresh, "fresh-sample").position();
        return state -> {
            state.putLong("drawn", count);
            state.putLong("fresh-stream", stream);
        };
    }

    @Override
    public void seek(StateTree saved) {
        BatchSource.seekable(fresh, "fresh-sample").seek(saved.getLong("fresh-stream"));
        drawn = saved.getLong("drawn");
    }
}
