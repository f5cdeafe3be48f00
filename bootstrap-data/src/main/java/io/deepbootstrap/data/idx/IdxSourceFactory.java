package io.deepbootstrap.data.idx;

import com.typesafe.config.Config;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.data.ConfigValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code idx} data source: any pair of IDX files (MNIST-style), raw or gzip-compressed, as an
 * {@link IdxPool}.
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
        Path trainImages = requiredFile(config, context, "train-images");
        Path trainLabels = requiredFile(config, context, "train-labels");
        String testImagesKey = config.getString("test-images").trim();
        String testLabelsKey = config.getString("test-labels").trim();
        if (testImagesKey.isEmpty() != testLabelsKey.isEmpty()) {
            String set = testImagesKey.isEmpty() ? "test-labels" : "test-images";
            String unset = testImagesKey.isEmpty() ? "test-images" : "test-labels";
            throw ConfigValues.bad(config, unset, "test-images and test-labels go together: " + set
                    + " is set but " + unset + " is empty");
        }
        Path testImages = testImagesKey.isEmpty() ? null : requiredFile(config, context, "test-images");
        Path testLabels = testLabelsKey.isEmpty() ? null : requiredFile(config, context, "test-labels");
        int classes = config.getInt("classes");
        if (classes != 0 && classes < 2) {
            throw ConfigValues.bad(config, "classes", "expected 0 (infer from the labels) or at least 2, got " + classes);
        }
        List<String> names = config.getStringList("class-names");
        if (!names.isEmpty() && classes == 0) {
            classes = names.size();
        }
        if (!names.isEmpty() && names.size() != classes) {
            throw ConfigValues.bad(config, "class-names", "expected " + classes + " names (one per class), got "
                    + names.size());
        }
        return load(trainImages, trainLabels, testImages, testLabels, classes, names);
    }

    /**
     * Loads a pool, turning read and format errors into unchecked exceptions (as {@code create} needs).
     *
     * @see IdxPool#load
     * @param trainImages training examples file
     * @param trainLabels training labels file
     * @param testImages test examples file or {@code null}
     * @param testLabels test labels file or {@code null}
     * @param classes number of classes or 0
     * @param names class names or empty
     * @return the pool
     * @throws UncheckedIOException wrapping an {@link IdxFormatException} or other {@link IOException},
     *     with the same message
     */
    static IdxPool load(Path trainImages, Path trainLabels, Path testImages, Path testLabels, int classes,
                        List<String> names) {
        try {
            return IdxPool.load(trainImages, trainLabels, testImages, testLabels, classes, names);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static Path requiredFile(Config config, DataContext context, String key) {
        String value = config.getString(key).trim();
        if (value.isEmpty()) {
            throw ConfigValues.bad(config, key, "expected the path of an IDX file, got an empty string");
        }
        Path path = context.resolve(value);
        if (!Files.isRegularFile(path)) {
            throw ConfigValues.bad(config, key, "IDX file " + path + " does not exist or is not a regular file");
        }
        return path;
    }
}
