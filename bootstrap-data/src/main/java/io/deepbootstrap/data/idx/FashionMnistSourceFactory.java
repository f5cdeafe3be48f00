package io.deepbootstrap.data.idx;

import com.typesafe.config.Config;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code fashion-mnist} data source: Zalando's Fashion-MNIST (28x28 grey-scale clothing images, 10
 * classes) from the four IDX files of Debian's {@code dataset-fashion-mnist} package. The pool is the
 * 60,000 training images; {@link io.deepbootstrap.api.data.ExamplePool#testPool()} is the 10,000 test
 * images. Pixels are scaled to [-1, 1]; input shape 28x28x1. The {@code .gz} image files are decompressed
 * once into the cache directory and memory-mapped from there (see {@link IdxFile}).
 *
 * <p>Key {@code dir} (default {@code /usr/share/datasets/fashion-mnist}, resolved with
 * {@link DataContext#resolve}): the directory holding {@code train-images-idx3-ubyte.gz},
 * {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz} and
 * {@code t10k-labels-idx1-ubyte.gz} (raw, uncompressed files under the same names work too).
 */
public final class FashionMnistSourceFactory implements DataSourceFactory {

    /** The component name. */
    public static final String NAME = "fashion-mnist";

    /** The class names, in label order. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** File names in the data directory: train images, train labels, test images, test labels. */
    public static final List<String> FILE_NAMES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    private static final String INSTALL_HINT = "install it with `apt-get install dataset-fashion-mnist`, or set data.dir"
            + " to a directory holding " + String.join(", ", FILE_NAMES);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Fashion-MNIST: 60,000 training and 10,000 test 28x28 grey-scale images of 10 clothing classes";
    }

    @Override
    public DataSource create(Config config, DataContext context) {
        Path dir = context.resolve(config.getString("dir"));
        if (!Files.isDirectory(dir)) {
            throw ConfigValues.bad(config, "dir", "Fashion-MNIST directory " + dir + " does not exist; " + INSTALL_HINT);
        }
        Path[] files = new Path[FILE_NAMES.size()];
        for (int i = 0; i < files.length; i++) {
            files[i] = locate(config, dir, FILE_NAMES.get(i));
        }
        return IdxSourceFactory.load(files[0], files[1], files[2], files[3], CLASS_NAMES.size(), CLASS_NAMES, context.cacheDirectory());
    }

    private static Path locate(Config config, Path dir, String gzName) {
        Path gz = dir.resolve(gzName);
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(gzName.substring(0, gzName.length() - ".gz".length()));
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        throw ConfigValues.bad(config, "dir", "Fashion-MNIST file " + gz + " not found; " + INSTALL_HINT);
    }
}
