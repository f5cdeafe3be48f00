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
     * Labels one example: the arg-max of the classifier's class probabilities (the lowest class on a tie),
     * computed for this example alone, so that the same features always get the same label, whatever was
     * labelled before.
     *
     * @param features the examples' floats
     * @param offset where this example's floats start (the classifier's input shape gives their number)
     * @return the label, {@code 0..numClasses-1}
     */
    int label(float[] features, int offset);

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
