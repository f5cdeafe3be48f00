package io.deepbootstrap.data.synthetic;

import com.typesafe.config.Config;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;

/**
 * The {@code synthetic-images} data source: a {@link SyntheticImages} generator. Keys (defaults in
 * {@code reference.conf}): {@code image-size}, {@code channels}, {@code classes}, {@code noise},
 * {@code scale-min}, {@code scale-max}, {@code min-contrast}, {@code max-rotation}.
 */
public final class SyntheticImagesFactory implements DataSourceFactory {

    /** The component name. */
    public static final String NAME = "synthetic-images";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "generated images of shapes and textures at random position, size and colour, with noise (needs no files)";
    }

    @Override
    public DataSource create(Config config, DataContext context) {
        int size = ConfigValues.intInRange(config, "image-size", 8, 1024);
        int channels = ConfigValues.intInRange(config, "channels", 1, 64);
        int classes = ConfigValues.intInRange(config, "classes", 2, Shape.values().length);
        double noise = ConfigValues.doubleInRange(config, "noise", 0, 10);
        double scaleMin = ConfigValues.doubleInRange(config, "scale-min", 0.05, 1);
        double scaleMax = ConfigValues.doubleInRange(config, "scale-max", scaleMin, 1);
        double minContrast = ConfigValues.doubleInRange(config, "min-contrast", 0, 1.9);
        double maxRotation = ConfigValues.doubleInRange(config, "max-rotation", 0, 180);
        return new SyntheticImages(size, channels, classes, noise, scaleMin, scaleMax, minContrast, maxRotation);
    }
}
