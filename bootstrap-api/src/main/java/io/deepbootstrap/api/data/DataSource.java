package io.deepbootstrap.api.data;

import io.deepbootstrap.api.InputShape;
import java.util.List;

/**
 * A distribution D of labelled examples, as the framework sees it: either an infinite
 * {@link ExampleGenerator} or a finite {@link ExamplePool}. The framework draws the real world's N
 * examples, the ideal world's fresh stream and the test set from one source, disjoint from each other.
 *
 * <p>Features are written in NHWC order, scaled to [-1, 1] for image data.
 */
public sealed interface DataSource extends AutoCloseable permits ExampleGenerator, ExamplePool {

    /** @return the shape of one example */
    InputShape inputShape();

    /** @return the number of classes; labels are in {@code 0..numClasses()-1} */
    int numClasses();

    /** @return human-readable class names, {@link #numClasses()} of them */
    default List<String> classNames() {
        return java.util.stream.IntStream.range(0, numClasses()).mapToObj(Integer::toString).toList();
    }

    /** Releases files, mappings and threads; the default does nothing. */
    @Override
    default void close() {
    }
}
