package io.deepbootstrap.data.array;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.data.ClassNames;
import io.deepbootstrap.data.FileKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The generic array pools: {@code npy} (features and labels in separate .npy files) and {@code npz}
 * (features and labels as members of an .npz archive). Features: {@code (n, h, w, c)} NHWC (or NCHW with
 * {@code layout = nchw}), {@code (n, h, w)} or {@code (n, d)}; any supported dtype, C or Fortran order.
 * Labels: any integer dtype, {@code (n,)} or {@code (n, 1)}. Optional designated test set.
 */
public final class ArraySources {
    private ArraySources() {
    }

    private static ExampleArray.Layout layout(Config config) {
        try {
            return ExampleArray.Layout.parse(config.getString("layout"));
        } catch (IllegalArgumentException e) {
            throw ConfigValues.bad(config, "layout", e.getMessage());
        }
    }

    private static void checkKeys(Config config) {
        Scale.fromConfig(config, "scale");
        layout(config);
        ConfigValues.intAtLeast(config, "classes", 0);
    }

    /** @return true if test-features and test-labels are both set @throws io.deepbootstrap.api.config.ConfigValueException if only one is */
    private static boolean hasTestPair(Config config) {
        boolean hasTestX = !config.getString("test-features").isBlank();
        boolean hasTestY = !config.getString("test-labels").isBlank();
        if (hasTestX != hasTestY) {
            throw ConfigValues.bad(config, hasTestX ? "test-labels" : "test-features",
                    "test-features and test-labels must be given together");
        }
        return hasTestX;
    }

    private static SegmentedPool.Segment segment(NpyArray features, NpyArray labels, Config config) {
        ExampleArray x = new ExampleArray(features, layout(config), Scale.fromConfig(config, "scale"));
        LabelArray y = new LabelArray(labels);
        return SegmentedPool.Segment.whole(x, y, "features " + MalformedFileException.describe(features.file(), features.member(), -1));
    }

    private static SegmentedPool pool(SegmentedPool.Segment train, SegmentedPool.Segment test, Config config) {
        int numClasses = ConfigValues.intAtLeast(config, "classes", 0);
        if (numClasses == 0) {
            numClasses = SegmentedPool.inferNumClasses(test == null ? List.of(train) : List.of(train, test));
        } else if (numClasses < 2) {
            throw ConfigValues.bad(config, "classes", "expected 0 (infer) or at least 2, got " + numClasses);
        }
        List<String> names = ClassNames.of(config, numClasses);
        Optional<ExamplePool> testPool = Optional.empty();
        if (test != null) {
            if (!test.features().shape().equals(train.features().shape())) {
                throw ConfigValues.bad(config, "test-features", "test examples (" + test.features() + ") have shape "
                        + test.features().shape() + ", training examples (" + train.features() + ") " + train.features().shape());
            }
            testPool = Optional.of(new SegmentedPool(List.of(test), numClasses, names, Optional.empty()));
        }
        return new SegmentedPool(List.of(train), numClasses, names, testPool);
    }

    /** {@code type = npy}: features and labels in .npy files. */
    public static final class NpyFactory implements DataSourceFactory {
        @Override
        public String name() {
            return "npy";
        }

        @Override
        public String description() {
            return "pool read from .npy files (features (n,h,w,c)/(n,d), integer labels), memory-mapped";
        }

        @Override
        public DataSource create(Config config, DataContext context) {
            checkKeys(config);
            NpyArray x = NpyArray.open(FileKeys.file(config, "features", context));
            NpyArray y = NpyArray.open(FileKeys.file(config, "labels", context));
            SegmentedPool.Segment test = null;
            if (hasTestPair(config)) {
                test = segment(NpyArray.open(FileKeys.file(config, "test-features", context)),
                        NpyArray.open(FileKeys.file(config, "test-labels", context)), config);
            }
            return pool(segment(x, y, config), test, config);
        }
    }

    /** {@code type = npz}: features and labels as members of .npz archives. */
    public static final class NpzFactory implements DataSourceFactory {
        @Override
        public String name() {
            return "npz";
        }

        @Override
        public String description() {
            return "pool read from .npz members (STORED members memory-mapped in place, DEFLATED inflated)";
        }

        @Override
        public DataSource create(Config config, DataContext context) {
            checkKeys(config);
            long maxInflated = config.getBytes("max-inflated-bytes");
            Path spill = context.cacheDirectory().resolve("npz-inflated");
            Path file = FileKeys.file(config, "file", context);
            try (NpzFile npz = NpzFile.open(file)) {
                SegmentedPool.Segment train = segment(npz.array(config.getString("features"), maxInflated, spill),
                        npz.array(config.getString("labels"), maxInflated, spill), config);
                SegmentedPool.Segment test = null;
                if (hasTestPair(config)) {
                    Path testFile = config.getString("test-file").isBlank() ? file : FileKeys.file(config, "test-file", context);
                    try (NpzFile t = testFile.equals(file) ? null : NpzFile.open(testFile)) {
                        NpzFile src = t == null ? npz : t;
                        test = segment(src.array(config.getString("test-features"), maxInflated, spill),
                                src.array(config.getString("test-labels"), maxInflated, spill), config);
                    }
                }
                return pool(train, test, config);
            }
        }
    }
}
