package io.deepbootstrap.api.data;

import java.util.random.RandomGenerator;

/**
 * An infinite source: every call draws a fresh, independent example from D. The framework passes a
 * seeded random stream, so a generator must take all its randomness from {@code random} (and from
 * state fixed at creation) for runs to be reproducible.
 */
public non-sealed interface ExampleGenerator extends DataSource {

    /**
     * Draws one example.
     *
     * @param random the random stream to draw from (the framework keeps separate streams for the real
     *     world's sample, the ideal world's fresh examples and the test set)
     * @param features destination array
     * @param offset where the example's {@code inputShape().size()} floats start in {@code features}
     * @return the example's label
     */
    int sample(RandomGenerator random, float[] features, int offset);
}
