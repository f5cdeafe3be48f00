package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.ExamplePool;

/** A subset of a pool given by indices; examples are read from the pool on demand. */
public final class PoolExampleSet implements ExampleSet {
    private final ExamplePool pool;
    private final long[] indices;
    private final String name;

    /**
     * @param pool the pool
     * @param indices the pool indices of the subset, in order
     * @param name the pool's name for error messages
     */
    public PoolExampleSet(ExamplePool pool, long[] indices, String name) {
        this.pool = pool;
        this.indices = indices;
        this.name = name;
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public InputShape shape() {
        return pool.inputShape();
    }

    @Override
    public int read(int i, float[] features, int offset) {
        return DataChecks.label(pool.read(indices[i], features, offset), pool.numClasses(), name, indices[i]);
    }

    @Override
    public long id(int i) {
        return indices[i];
    }
}
