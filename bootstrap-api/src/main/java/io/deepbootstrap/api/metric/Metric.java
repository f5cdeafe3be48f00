package io.deepbootstrap.api.metric;

/** A scalar summary of a network's predictions on a set of examples (lower is better by convention). */
public interface Metric {

    /**
     * @param probabilities softmax outputs, example-major; the first {@code count * numClasses} floats are valid (the array may be longer)
     * @param labels true labels; the first {@code count} are valid
     * @param count number of examples
     * @param numClasses number of classes
     * @return the metric's value over the set (e.g. the mean of a per-example quantity)
     */
    double compute(float[] probabilities, int[] labels, int count, int numClasses);
}
