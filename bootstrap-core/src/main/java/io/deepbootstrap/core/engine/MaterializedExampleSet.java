package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.ExampleGenerator;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/** Examples held in memory: the draws of a generator, kept so that the real world can reuse them. */
public final class MaterializedExampleSet implements ExampleSet {
    /** Floats drawn between two checks of the stop flag (1 MB), unless that is fewer than {@link #MIN_CHUNK} examples. */
    private static final int CHUNK_FLOATS = 1 << 18;
    /** Examples drawn at least between two checks (a multiple of 64, the batch of a bulk-labelling generator). */
    private static final int MIN_CHUNK = 256;

    private final InputShape shape;
    private final float[] features;
    private final int[] labels;
    private final long idBase;
    private final int size;

    private MaterializedExampleSet(InputShape shape, float[] features, int[] labels, long idBase, int size) {
        this.shape = shape;
        this.features = features;
        this.labels = labels;
        this.idBase = idBase;
        this.size = size;
    }

    /**
     * @param generator the generator
     * @param count how many to draw
     * @param random the stream to draw with
     * @param idBase identifier of the first draw (ids are consecutive)
     * @return the drawn examples
     */
    public static MaterializedExampleSet draw(ExampleGenerator generator, int count, RandomGenerator random, long idBase) {
        return draw(generator, count, random, idBase, () -> false);
    }

    /**
     * Draws in chunks (about 1 MB of features, at least 256 examples), checking {@code stop} between two: a signal during a
     * long draw (a large test set) is answered within one chunk. The examples are those of one bulk draw (the
     * generator's bulk draw is the same as its draws one after another).
     *
     * @param generator the generator
     * @param count how many to draw
     * @param random the stream to draw with
     * @param idBase identifier of the first draw (ids are consecutive)
     * @param stop whether to give up the draw
     * @return the drawn examples
     * @throws DrawStopped if {@code stop} held between two chunks
     */
    public static MaterializedExampleSet draw(ExampleGenerator generator, int count, RandomGenerator random, long idBase,
                                              BooleanSupplier stop) {
        InputShape shape = generator.inputShape();
        float[] features = new float[Math.multiplyExact(count, shape.size())];
        int[] labels = new int[count];
        int chunk = Math.max(MIN_CHUNK, CHUNK_FLOATS / shape.size());
        for (int at = 0; at < count; at += chunk) {
            if (at > 0 && stop.getAsBoolean()) { // a draw of one chunk is not worth a check
                throw new DrawStopped(at, count);
            }
            generator.sample(random, features, at * shape.size(), labels, at, Math.min(chunk, count - at));
        }
        for (int i = 0; i < count; i++) {
            DataChecks.label(labels[i], generator.numClasses(), "generator", i);
        }
        return new MaterializedExampleSet(shape, features, labels, idBase, count);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public InputShape shape() {
        return shape;
    }

    @Override
    public int read(int i, float[] dst, int offset) {
        int n = shape.size();
        System.arraycopy(features, i * n, dst, offset, n);
        return labels[i];
    }

    @Override
    public long id(int i) {
        return idBase + i;
    }
}
