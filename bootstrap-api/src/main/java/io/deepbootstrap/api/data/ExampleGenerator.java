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

    /**
     * Draws {@code count} examples one after another: the same random numbers in the same order, the same features
     * and the same labels as {@code count} calls of {@link #sample(RandomGenerator, float[], int)}. The framework
     * draws the ideal world's batches and its materialised sets through this method, so a generator whose labelling
     * is cheaper in bulk (the {@code fitted} source's classifier) overrides it; the default calls
     * {@link #sample(RandomGenerator, float[], int)} {@code count} times.
     *
     * @param random the random stream to draw from
     * @param features destination array
     * @param offset where the first example's floats start; example i starts at {@code offset + i * inputShape().size()}
     * @param labels destination of the labels, example i's at {@code labelOffset + i}
     * @param labelOffset where the first label goes
     * @param count how many examples to draw
     * @since API 0.4.1
     */
    default void sample(RandomGenerator random, float[] features, int offset, int[] labels, int labelOffset, int count) {
        int size = inputShape().size();
        for (int i = 0; i < count; i++) {
            labels[labelOffset + i] = sample(random, features, offset + i * size);
        }
    }
}
