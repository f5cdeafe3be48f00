package io.deepbootstrap.data.idx;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.ExamplePool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * An {@link ExamplePool} over a pair of IDX files (examples and labels), optionally with a designated
 * test pool read from a second pair. This is the implementation behind the {@code idx} and
 * {@code fashion-mnist} data sources.
 *
 * <p>The examples stay in memory in the file's own type (one byte per pixel for ubyte images) and are
 * converted on {@link #read}. The example shape follows the examples file's dimensions:
 * {@code N} → 1 feature, {@code N x F} → a vector of F features, {@code N x H x W} → H x W x 1 images,
 * {@code N x H x W x C} → H x W x C images (NHWC).
 *
 * <p>Values: unsigned bytes are scaled to [-1, 1] as {@code x / 127.5 - 1}; all other types are passed
 * through unchanged (as floats), on the assumption that they are already scaled.
 *
 * <p>Thread-safe: {@link #read} only reads immutable arrays.
 */
public final class IdxPool implements ExamplePool {

    private static final float[] UBYTE_TO_FLOAT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            UBYTE_TO_FLOAT[i] = i / 127.5f - 1f;
        }
    }

    private final LabelledIdx data;
    private final InputShape shape;
    private final int numClasses;
    private final List<String> classNames;
    private final IdxPool testPool;
    private final byte[] ubytes;
    private final int stride;

    /**
     * @param data examples and labels; labels must already be checked against {@code numClasses}
     * @param numClasses number of classes, at least 2
     * @param classNames class names, empty for "0", "1", ... or exactly {@code numClasses} names
     * @param testPool designated test pool (same shape and classes), or {@code null}
     */
    public IdxPool(LabelledIdx data, int numClasses, List<String> classNames, IdxPool testPool) {
        this.data = Objects.requireNonNull(data, "data");
        try {
            this.shape = shapeOf(data.examples());
        } catch (IdxFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        this.numClasses = numClasses;
        if (numClasses < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
        }
        if (!classNames.isEmpty() && classNames.size() != numClasses) {
            throw new IllegalArgumentException(numClasses + " classes but " + classNames.size() + " class names: "
                    + classNames);
        }
        this.classNames = classNames.isEmpty()
                ? IntStream.range(0, numClasses).mapToObj(Integer::toString).toList()
                : List.copyOf(classNames);
        this.testPool = testPool;
        this.ubytes = data.examples().type() == IdxType.UBYTE ? data.examples().bytes() : null;
        this.stride = data.examples().stride();
    }

    /**
     * Reads a training pair and an optional test pair of IDX files and checks them against each other.
     *
     * @param trainExamples examples file of the pool
     * @param trainLabels labels file of the pool
     * @param testExamples examples file of the designated test pool, or {@code null} for none
     * @param testLabels labels file of the test pool ({@code null} when {@code testExamples} is)
     * @param numClasses number of classes, or {@code 0} to use the largest label found plus one
     * @param classNames class names, or empty
     * @return the pool
     * @throws IdxFormatException if a file is malformed, files of a pair disagree, a label is out of range,
     *     or the test examples have another shape than the training examples
     * @throws IOException on read errors (including missing files)
     */
    public static IdxPool load(Path trainExamples, Path trainLabels, Path testExamples, Path testLabels,
                               int numClasses, List<String> classNames) throws IOException {
        LabelledIdx train = LabelledIdx.read(trainExamples, trainLabels);
        InputShape trainShape = shapeOf(train.examples());
        LabelledIdx test = testExamples == null ? null : LabelledIdx.read(testExamples, testLabels);
        int k = numClasses;
        if (k <= 0) {
            k = Math.max(2, Math.max(train.maxLabel(), test == null ? -1 : test.maxLabel()) + 1);
        }
        train.checkLabels(k);
        IdxPool testPool = null;
        if (test != null) {
            test.checkLabels(k);
            InputShape testShape = shapeOf(test.examples());
            if (!trainShape.equals(testShape)) {
                throw IdxFormatException.involving(testExamples, "IDX test examples file " + testExamples
                        + " has examples of shape " + testShape + " but training examples file " + trainExamples
                        + " has " + trainShape);
            }
            testPool = new IdxPool(test, k, classNames, null);
        }
        return new IdxPool(train, k, classNames, testPool);
    }

    private static InputShape shapeOf(IdxArray examples) throws IdxFormatException {
        return switch (examples.rank()) {
            case 1 -> InputShape.vector(1);
            case 2 -> InputShape.vector(examples.dim(1));
            case 3 -> new InputShape(examples.dim(1), examples.dim(2), 1);
            case 4 -> new InputShape(examples.dim(1), examples.dim(2), examples.dim(3));
            default -> throw new IdxFormatException(examples.source(), "examples of rank "
                    + examples.rank() + " (" + examples.shapeString() + ") are not supported; expected N, NxF, NxHxW or NxHxWxC");
        };
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
        return data.size();
    }

    @Override
    public int read(long index, float[] features, int offset) {
        if (index < 0 || index >= data.size()) {
            throw new IndexOutOfBoundsException("example index " + index + " outside 0.." + (data.size() - 1)
                    + " of " + data.examples().source());
        }
        int i = (int) index;
        int from = i * stride;
        if (ubytes != null) {
            byte[] src = ubytes;
            float[] lut = UBYTE_TO_FLOAT;
            for (int j = 0; j < stride; j++) {
                features[offset + j] = lut[src[from + j] & 0xff];
            }
        } else {
            data.examples().copyToFloats(from, features, offset, stride);
        }
        return data.label(i);
    }

    @Override
    public Optional<ExamplePool> testPool() {
        return Optional.ofNullable(testPool);
    }

    /** @return the underlying examples and labels */
    public LabelledIdx data() {
        return data;
    }

    @Override
    public String toString() {
        return "IdxPool[" + data.examples().source() + ", " + data.size() + " examples of " + shape + ", "
                + numClasses + " classes" + (testPool == null ? "" : ", test " + testPool.size()) + "]";
    }
}
