package io.deepbootstrap.api.data;

import java.util.Optional;

/**
 * A finite set of examples, read by index (typically from files). The framework splits a pool into
 * disjoint test, real-world and ideal-stream index ranges and never gives an ideal-world example twice;
 * if the ideal world needs more examples than remain it refuses the run before training.
 *
 * <p>{@link #read} is called from background threads, and concurrently by runs that train in parallel
 * ({@code experiment.parallelism}), so implementations must be thread-safe.
 */
public non-sealed interface ExamplePool extends DataSource {

    /** @return the number of examples, indices {@code 0..size()-1} */
    long size();

    /**
     * Reads one example.
     *
     * @param index the example index, {@code 0 <= index < size()}
     * @param features destination array
     * @param offset where the example's {@code inputShape().size()} floats start in {@code features}
     * @return the example's label
     * @throws java.io.UncheckedIOException if the underlying file cannot be read
     */
    int read(long index, float[] features, int offset);

    /**
     * A test set published with the data (Fashion-MNIST's 10,000 test images, CIFAR-5m's part-5 prefix).
     * When present the framework draws the test set from it and uses all of this pool for training;
     * when empty it carves the test set out of this pool.
     *
     * @return the designated test pool, or empty
     */
    default Optional<ExamplePool> testPool() {
        return Optional.empty();
    }
}
