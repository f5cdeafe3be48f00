package io.deepbootstrap.core.testing;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.ExamplePool;
import java.util.Optional;

/** Test pool: example i has all features equal to i and label i % classes (so ids can be read back). */
public final class ArrayPool implements ExamplePool {
    private final int size;
    private final int classes;
    private final ArrayPool testPool;

    public ArrayPool(int size, int classes, ArrayPool testPool) {
        this.size = size;
        this.classes = classes;
        this.testPool = testPool;
    }

    @Override
    public InputShape inputShape() {
        return InputShape.vector(2);
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(long index, float[] features, int offset) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index);
        }
        features[offset] = index;
        features[offset + 1] = -index;
        return (int) (index % classes);
    }

    @Override
    public Optional<ExamplePool> testPool() {
        return Optional.ofNullable(testPool);
    }
}
