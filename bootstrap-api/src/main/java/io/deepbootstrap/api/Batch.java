package io.deepbootstrap.api;

import java.util.Arrays;

/**
 * A reusable minibatch buffer: features in NHWC order, hard labels, training targets (one-hot, or soft
 * after augmentations such as mixup) and the identifiers of the examples it holds. Sources fill it in
 * place so that no memory is allocated per step. Not thread-safe.
 */
public final class Batch {
    private final InputShape shape;
    private final int numClasses;
    private final int capacity;
    private final float[] features;
    private final int[] labels;
    private final float[] targets;
    private final long[] exampleIds;
    private int size;

    /**
     * @param shape shape of one example
     * @param numClasses number of classes
     * @param capacity maximum number of examples
     */
    public Batch(InputShape shape, int numClasses, int capacity) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.shape = shape;
        this.numClasses = numClasses;
        this.capacity = capacity;
        this.features = new float[Math.multiplyExact(capacity, shape.size())];
        this.labels = new int[capacity];
        this.targets = new float[Math.multiplyExact(capacity, numClasses)];
        this.exampleIds = new long[capacity];
        this.size = capacity;
    }

    /** @return the shape of one example */
    public InputShape shape() {
        return shape;
    }

    /** @return the number of classes */
    public int numClasses() {
        return numClasses;
    }

    /** @return the maximum number of examples this buffer holds */
    public int capacity() {
        return capacity;
    }

    /** @return the number of valid examples, at most {@link #capacity()} */
    public int size() {
        return size;
    }

    /** @param size the number of valid examples, 0..capacity */
    public void setSize(int size) {
        if (size < 0 || size > capacity) {
            throw new IllegalArgumentException("size " + size + " outside 0.." + capacity);
        }
        this.size = size;
    }

    /** @return features, {@code capacity * shape.size()} floats, example i at {@code i * shape.size()} */
    public float[] features() {
        return features;
    }

    /** @return hard labels, one per example (used by error metrics) */
    public int[] labels() {
        return labels;
    }

    /** @return training targets, {@code capacity * numClasses} floats, a probability vector per example */
    public float[] targets() {
        return targets;
    }

    /**
     * @return where each example came from: a pool index, or a sequence number of a generator draw;
     *     lets tests and listeners check that examples are (not) reused
     */
    public long[] exampleIds() {
        return exampleIds;
    }

    /** Sets the targets of the first {@link #size()} examples to the one-hot vectors of their labels. */
    public void setOneHotTargets() {
        Arrays.fill(targets, 0, size * numClasses, 0f);
        for (int i = 0; i < size; i++) {
            targets[i * numClasses + labels[i]] = 1f;
        }
    }
}
