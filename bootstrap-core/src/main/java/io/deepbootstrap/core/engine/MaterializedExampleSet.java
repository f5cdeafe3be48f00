package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.ExampleGenerator;
import java.util.random.RandomGenerator;

/** Examples held in memory: the draws of a generator, kept so that the real world can reuse them. */
public final class MaterializedExampleSet implements ExampleSet {
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
        InputShape shape = generator.inputShape();
        float[] features = new float[Math.multiplyExact(count, shape.size())];
        int[] labels = new int[count];
        generator.sample(random, features, 0, labels, 0, count);
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
