package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.InputShape;

/** A finite, indexed set of examples: the real world's train set S, or the test set. */
public interface ExampleSet {

    /** @return number of examples */
    int size();

    /** @return shape of one example */
    InputShape shape();

    /**
     * @param i index, 0..size()-1
     * @param features destination
     * @param offset start in destination
     * @return the label
     */
    int read(int i, float[] features, int offset);

    /** @param i index @return the example's identifier (pool index or draw number) */
    long id(int i);
}
