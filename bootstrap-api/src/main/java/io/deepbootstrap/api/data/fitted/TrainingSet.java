package io.deepbootstrap.api.data.fitted;

import io.deepbootstrap.api.InputShape;
import java.util.List;

/**
 * The examples a generative model is fitted to: {@code size()} examples of {@code shape} in NHWC order,
 * scaled to [-1, 1] for images, stored contiguously, with their labels.
 *
 * @param shape shape of one example
 * @param numClasses number of classes; labels are in {@code 0..numClasses-1}
 * @param classNames names of the classes
 * @param features {@code size() * shape.size()} floats, example i at {@code i * shape.size()}
 * @param labels one label per example
 */
public record TrainingSet(InputShape shape, int numClasses, List<String> classNames, float[] features, int[] labels) {

    /**
     * Checks sizes and copies the class names.
     *
     * @throws IllegalArgumentException if {@code features} does not hold {@code labels.length} examples
     */
    public TrainingSet {
        if ((long) labels.length * shape.size() != features.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + features.length + " floats of " + shape + " examples");
        }
        classNames = List.copyOf(classNames);
    }

    /** @return the number of examples */
    public int size() {
        return labels.length;
    }

    /** @return the number of floats per example */
    public int dimension() {
        return shape.size();
    }
}
