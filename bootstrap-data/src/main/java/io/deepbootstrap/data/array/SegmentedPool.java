package io.deepbootstrap.data.array;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.ExamplePool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ExamplePool} made of consecutive index ranges of one or more (features, labels) stores, e.g.
 * the parts of CIFAR-5m minus the test range. Labels are checked once at construction so that a bad label
 * fails before training, with an error naming its file, member and byte offset.
 */
public class SegmentedPool implements ExamplePool {

    /**
     * A range of examples of one store.
     *
     * @param features features
     * @param labels labels, as many as features
     * @param start first example of the range
     * @param count number of examples
     */
    public record Segment(ExampleReader features, LabelReader labels, long start, long count) {
        public Segment {
            if (start < 0 || count < 0 || start + count > features.size() || start + count > labels.size()) {
                throw new IllegalArgumentException("range " + start + "+" + count + " outside " + features.size() + " features / "
                        + labels.size() + " labels");
            }
        }

        /**
         * A segment covering a whole store, after checking that features and labels agree in count.
         *
         * @param features features
         * @param labels labels
         * @param what names the features for messages, e.g. {@code features /data/x.npy}
         * @return the segment
         * @throws MalformedFileException naming the labels and the features if their counts differ
         */
        public static Segment whole(ExampleReader features, LabelReader labels, String what) {
            if (features.size() != labels.size()) {
                throw labels.error(labels.size() + " labels for the " + features.size() + " examples of " + what);
            }
            return new Segment(features, labels, 0, features.size());
        }
    }

    private final List<Segment> segments;
    private final long[] starts;
    private final long size;
    private final InputShape shape;
    private final int numClasses;
    private final List<String> classNames;
    private final Optional<ExamplePool> testPool;

    /**
     * @param segments the ranges, in index order; all with the same example shape
     * @param numClasses the number of classes
     * @param classNames names, {@code numClasses} of them, or empty for "0".."k-1"
     * @param testPool the designated test pool, or empty
     * @throws MalformedFileException if a label is outside {@code 0..numClasses-1}
     */
    public SegmentedPool(List<Segment> segments, int numClasses, List<String> classNames, Optional<ExamplePool> testPool) {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a pool needs at least one segment");
        }
        this.shape = segments.get(0).features().shape();
        for (Segment s : segments) {
            if (!s.features().shape().equals(shape)) {
                throw new IllegalArgumentException("a segment has example shape " + s.features().shape() + ", the first has " + shape);
            }
        }
        List<Segment> nonEmpty = segments.stream().filter(s -> s.count() > 0).toList();
        this.segments = nonEmpty.isEmpty() ? List.of(segments.get(0)) : nonEmpty;
        this.starts = new long[this.segments.size()];
        long total = 0;
        for (int i = 0; i < this.segments.size(); i++) {
            Segment s = this.segments.get(i);
            starts[i] = total;
            total += s.count();
        }
        this.size = total;
        this.numClasses = numClasses;
        if (numClasses < 2) {
            throw new IllegalArgumentException("a pool needs at least 2 classes, got " + numClasses);
        }
        if (!classNames.isEmpty() && classNames.size() != numClasses) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + numClasses + " classes");
        }
        this.classNames = classNames.isEmpty() ? ExamplePool.super.classNames() : List.copyOf(classNames);
        this.testPool = testPool;
        for (Segment s : segments) {
            for (long i = s.start(); i < s.start() + s.count(); i++) {
                long label = s.labels().label(i);
                if (label < 0 || label >= numClasses) {
                    throw s.labels().error(i, "label " + label + " is outside 0.." + (numClasses - 1));
                }
            }
        }
    }

    /**
     * The number of classes implied by the labels: the largest label + 1.
     *
     * @param segments the ranges
     * @return max label + 1
     * @throws MalformedFileException if a label is negative or the result is below 2
     */
    public static int inferNumClasses(List<Segment> segments) {
        long max = -1;
        for (Segment s : segments) {
            for (long i = s.start(); i < s.start() + s.count(); i++) {
                long label = s.labels().label(i);
                if (label < 0 || label > 1_000_000) {
                    throw s.labels().error(i, "label " + label + " is not a class index (0..1000000)");
                }
                max = Math.max(max, label);
            }
        }
        if (max < 1) {
            throw segments.get(0).labels().error(segments.get(0).start(), "the labels name fewer than 2 classes (largest label " + max + ")");
        }
        return (int) (max + 1);
    }

    /** @return the ranges this pool reads */
    public List<Segment> segments() {
        return segments;
    }

    @Override
    public InputShape inputShape() {
        return shape;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(long index, float[] features, int offset) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("example " + index + " outside 0.." + (size - 1));
        }
        int k = Arrays.binarySearch(starts, index);
        if (k < 0) {
            k = -k - 2;
        }
        Segment s = segments.get(k);
        long local = s.start() + index - starts[k];
        s.features().read(local, features, offset);
        return (int) s.labels().label(local);
    }

    @Override
    public Optional<ExamplePool> testPool() {
        return testPool;
    }

    /** @return a short description of the ranges, for logs */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Segment s : segments) {
            parts.add(s.features() + "[" + s.start() + "+" + s.count() + "]");
        }
        return "pool of " + size + " " + shape + " examples, " + numClasses + " classes: " + parts;
    }
}
