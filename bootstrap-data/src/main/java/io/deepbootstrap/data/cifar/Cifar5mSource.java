package io.deepbootstrap.data.cifar;

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
import io.deepbootstrap.data.array.NpzFile;
import io.deepbootstrap.data.array.Scale;
import io.deepbootstrap.data.array.SegmentedPool;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CIFAR-5m (Nakkiran et al.): {@code part0.npz .. part5.npz}, each with a uint8 member {@code X} of shape
 * {@code (n, 32, 32, 3)} (NHWC) and integer labels {@code Y} (any integer dtype). Every part present in the
 * directory joins the training pool, in part order, except the test range: the first {@code test-split-size}
 * examples of part {@code test-part} (by default the first 10,000 of part 5), which form the designated
 * test pool. STORED members are memory-mapped in place, so the full 17 GB set needs no heap.
 */
public final class Cifar5mSource {
    private static final Pattern PART = Pattern.compile("part(\\d+)\\.npz");

    private Cifar5mSource() {
    }

    /**
     * The parts found in a directory.
     *
     * @param dir a directory
     * @return part number → file, sorted by number
     * @throws DataFileException naming the directory if it is not one or cannot be listed
     */
    public static TreeMap<Integer, Path> parts(Path dir) {
        TreeMap<Integer, Path> parts = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            throw new MalformedFileException(dir.toString(), null, -1, "not a directory: expected the CIFAR-5m parts part0.npz .. part5.npz");
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "part*.npz")) {
            for (Path p : ds) {
                Matcher m = PART.matcher(p.getFileName().toString());
                if (m.matches()) {
                    parts.put(Integer.parseInt(m.group(1)), p);
                }
            }
        } catch (IOException e) {
            throw DataFileException.io(dir, null, "cannot list", e);
        }
        return parts;
    }

    /**
     * Opens a CIFAR-5m directory.
     *
     * @param config the component config (keys: dir, test-part, test-split-size, features, labels, classes,
     *     class-names, max-inflated-bytes)
     * @param context resolves the directory and gives the spill directory for DEFLATED members
     * @return the pool
     * @throws DataFileException naming the file (member, offset) if a part cannot be read or is malformed
     */
    public static ExamplePool open(Config config, DataContext context) {
        Path dir = FileKeys.directory(config, "dir", context);
        int testPart = ConfigValues.intAtLeast(config, "test-part", 0);
        long testSize = ConfigValues.longValue(config, "test-split-size");
        if (testSize < 0) {
            throw ConfigValues.bad(config, "test-split-size", "expected a non-negative count, got " + testSize);
        }
        int numClasses = ConfigValues.intAtLeast(config, "classes", 1);
        List<String> names = ClassNames.of(config, numClasses);
        long maxInflated = config.getBytes("max-inflated-bytes");
        Path spill = context.cacheDirectory().resolve("npz-inflated");
        TreeMap<Integer, Path> parts = parts(dir);
        if (parts.isEmpty()) {
            throw new MalformedFileException(dir.toString(), null, -1, "no CIFAR-5m parts (part0.npz .. part5.npz) found");
        }
        if (testSize > 0 && !parts.containsKey(testPart)) {
            throw ConfigValues.bad(config, "test-part", "part" + testPart + ".npz is not in " + dir
                    + " (found parts " + parts.keySet() + "); set test-split-size = 0 to use no designated test set");
        }
        List<SegmentedPool.Segment> train = new ArrayList<>();
        SegmentedPool.Segment test = null;
        for (var e : parts.entrySet()) {
            SegmentedPool.Segment whole;
            try (NpzFile npz = NpzFile.open(e.getValue())) {
                ExampleArray x = new ExampleArray(npz.array(config.getString("features"), maxInflated, spill), ExampleArray.Layout.NHWC, Scale.AUTO);
                LabelArray y = new LabelArray(npz.array(config.getString("labels"), maxInflated, spill));
                whole = SegmentedPool.Segment.whole(x, y, "features " + DataFileException.describe(e.getValue().toString(), x.array().member(), -1));
            }
            if (testSize > 0 && e.getKey() == testPart) {
                if (testSize > whole.count()) {
                    throw ConfigValues.bad(config, "test-split-size", "part" + testPart + ".npz holds only " + whole.count()
                            + " examples, test-split-size is " + testSize);
                }
                test = new SegmentedPool.Segment(whole.features(), whole.labels(), 0, testSize);
                train.add(new SegmentedPool.Segment(whole.features(), whole.labels(), testSize, whole.count() - testSize));
            } else {
                train.add(whole);
            }
        }
        Optional<ExamplePool> testPool = test == null ? Optional.empty()
                : Optional.of(new SegmentedPool(List.of(test), numClasses, names, Optional.empty()));
        return new SegmentedPool(train, numClasses, names, testPool);
    }

    /** {@code type = cifar5m}. */
    public static final class Factory implements DataSourceFactory {
        @Override
        public String name() {
            return "cifar5m";
        }

        @Override
        public String description() {
            return "CIFAR-5m parts part0..part5.npz (X uint8 NHWC, Y labels), memory-mapped; test = first 10,000 of part 5";
        }

        @Override
        public DataSource create(Config config, DataContext context) {
            return open(config, context);
        }
    }
}
