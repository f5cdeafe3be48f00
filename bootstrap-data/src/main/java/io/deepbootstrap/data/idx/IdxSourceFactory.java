package io.deepbootstrap.data.idx;

import com.typesafe.config.Config;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.data.ClassNames;
import io.deepbootstrap.data.FileKeys;
import io.deepbootstrap.data.array.DataFileException;
import io.deepbootstrap.data.array.ExampleArray;
import io.deepbootstrap.data.array.LabelArray;
import io.deepbootstrap.data.array.MalformedFileException;
import io.deepbootstrap.data.array.Scale;
import io.deepbootstrap.data.array.SegmentedPool;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code idx} data source: any pair of IDX files (MNIST-style), raw or gzip-compressed (read by
 * {@link IdxFile}), as a memory-mapped pool of the array layer.
 *
 * <p>Keys (defaults in {@code reference.conf} under {@code bootstrap.components.data-source.idx}):
 * <ul>
 *   <li>{@code train-images}, {@code train-labels}: the pool's examples and labels files (required)</li>
 *   <li>{@code test-images}, {@code test-labels}: a designated test set, or both empty for none</li>
 *   <li>{@code classes}: number of classes, 0 to take the largest label plus one</li>
 *   <li>{@code class-names}: list of class names, or empty for "0", "1", ...</li>
 * </ul>
 * Paths are resolved with {@link DataContext#resolve}. Unsigned-byte examples are scaled to [-1, 1].
 */
public final class IdxSourceFactory implements DataSourceFactory {

    /** The component name. */
    public static final String NAME = "idx";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "examples and labels from IDX files (MNIST format, raw or .gz), with an optional test pair";
    }

    @Override
    public DataSource create(Config config, DataContext context) {
        Path trainImages = FileKeys.file(config, "train-images", context);
        Path trainLabels = FileKeys.file(config, "train-labels", context);
        String testImagesKey = config.getString("test-images").trim();
        String testLabelsKey = config.getString("test-labels").trim();
        if (testImagesKey.isEmpty() != testLabelsKey.isEmpty()) {
            String set = testImagesKey.isEmpty() ? "test-labels" : "test-images";
            String unset = testImagesKey.isEmpty() ? "test-images" : "test-labels";
            throw ConfigValues.bad(config, unset, "test-images and test-labels go together: " + set
                    + " is set but " + unset + " is empty");
        }
        Path testImages = testImagesKey.isEmpty() ? null : FileKeys.file(config, "test-images", context);
        Path testLabels = testLabelsKey.isEmpty() ? null : FileKeys.file(config, "test-labels", context);
        int classes = ConfigValues.integer(config, "classes");
        if (classes != 0 && classes < 2) {
            throw ConfigValues.bad(config, "classes", "expected 0 (infer from the labels) or at least 2, got " + classes);
        }
        if (classes == 0) {
            classes = ConfigValues.stringList(config, "class-names").size();
        }
        List<String> names = ClassNames.of(config, classes);
        return load(trainImages, trainLabels, testImages, testLabels, classes, names, context.cacheDirectory());
    }

    /**
     * Opens a pool of IDX files: the examples as an {@link ExampleArray} (NHWC; {@code N} is one feature,
     * {@code N x F} a vector, {@code N x H x W} one channel; unsigned bytes scaled to [-1, 1], other types
     * as stored), the labels as a {@link LabelArray}, all labels checked against the classes.
     *
     * @param trainImages training examples file
     * @param trainLabels training labels file
     * @param testImages test examples file or {@code null}
     * @param testLabels test labels file or {@code null}
     * @param classes number of classes or 0 (largest label + 1)
     * @param names class names or empty
     * @param cacheDirectory where large {@code .gz} files are decompressed to
     * @return the pool, with the test pair as its test pool
     * @throws DataFileException naming the file (and byte offset) of any read or format error, both files
     *     when examples and labels disagree
     */
    public static ExamplePool load(Path trainImages, Path trainLabels, Path testImages, Path testLabels, int classes,
                            List<String> names, Path cacheDirectory) {
        SegmentedPool.Segment train = segment(trainImages, trainLabels, cacheDirectory);
        SegmentedPool.Segment test = testImages == null ? null : segment(testImages, testLabels, cacheDirectory);
        int k = classes > 0 ? classes : SegmentedPool.inferNumClasses(test == null ? List.of(train) : List.of(train, test));
        Optional<ExamplePool> testPool = Optional.empty();
        if (test != null) {
            if (!test.features().shape().equals(train.features().shape())) {
                throw new MalformedFileException(testImages.toString(), null, -1, "test examples of shape " + test.features().shape()
                        + ", but the training examples file " + trainImages + " has " + train.features().shape());
            }
            testPool = Optional.of(new SegmentedPool(List.of(test), k, names, Optional.empty()));
        }
        return new SegmentedPool(List.of(train), k, names, testPool);
    }

    private static SegmentedPool.Segment segment(Path images, Path labels, Path cacheDirectory) {
        ExampleArray x = new ExampleArray(IdxFile.open(images, cacheDirectory), ExampleArray.Layout.NHWC, Scale.AUTO);
        return SegmentedPool.Segment.whole(x, new LabelArray(IdxFile.open(labels, cacheDirectory)), "examples file " + images);
    }
}
