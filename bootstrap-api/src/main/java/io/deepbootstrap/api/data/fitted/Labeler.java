package io.deepbootstrap.api.data.fitted;

/**
 * A trained classifier that labels generated examples, as CIFAR-5m's generated images were labelled by a
 * classifier trained on CIFAR-10: the label of an example is a function of its features alone (the arg-max of
 * the classifier's output), never the class a generative model happened to sample. Obtained from
 * {@link io.deepbootstrap.api.data.DataContext#labeler}, which trains it on a real data source (or loads it from
 * the cache). Thread-safe: data sources are sampled from several threads.
 */
public interface Labeler extends AutoCloseable {

    /**
     * Labels one example: the arg-max of the classifier's class probabilities (the lowest class on a tie). The
     * same features always get the same label, whatever is labelled before, after or together with them.
     *
     * @param features the examples' floats
     * @param offset where this example's floats start (the classifier's input shape gives their number)
     * @return the label, {@code 0..numClasses-1}
     */
    int label(float[] features, int offset);

    /**
     * Labels {@code count} consecutive examples, each exactly as {@link #label(float[], int)} would; implementations
     * compute them in fewer, larger forward passes. The default calls {@link #label(float[], int)} per example.
     *
     * @param features the examples' floats
     * @param offset where the first example's floats start; example i's follow at {@code i *} the input size
     * @param size the number of floats of one example
     * @param labels destination, example i's label at {@code labelOffset + i}
     * @param labelOffset where the first label goes
     * @param count how many examples
     */
    default void label(float[] features, int offset, int size, int[] labels, int labelOffset, int count) {
        for (int i = 0; i < count; i++) {
            labels[labelOffset + i] = label(features, offset + i * size);
        }
    }

    /**
     * @return the classifier's accuracy on the real source's test examples, measured when it was trained (a
     *     cached classifier keeps the value measured then)
     */
    double testAccuracy();

    /** @return one line for logs: architecture, training, accuracy and where the classifier is cached */
    String description();

    /** Releases the classifier's native memory; the default does nothing. */
    @Override
    default void close() {
    }
}
