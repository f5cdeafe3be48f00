package io.deepbootstrap.data.array;

import io.deepbootstrap.api.InputShape;

/** Reads the features of examples by index from some storage, as floats in NHWC order. */
public interface ExampleReader {

    /** @return the shape of one example */
    InputShape shape();

    /** @return the number of examples */
    long size();

    /**
     * @param index example index, 0..size-1
     * @param dst destination
     * @param offset where the example's {@code shape().size()} floats start
     */
    void read(long index, float[] dst, int offset);
}
