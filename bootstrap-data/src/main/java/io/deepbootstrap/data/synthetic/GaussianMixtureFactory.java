package io.deepbootstrap.data.synthetic;

import com.typesafe.config.Config;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;

/**
 * The {@code gaussian-mixture} data source: a {@link GaussianMixture}. Keys (defaults in
 * {@code reference.conf}): {@code classes}, {@code dimension}, {@code separation}, {@code noise},
 * {@code mean-seed}.
 */
public final class GaussianMixtureFactory implements DataSourceFactory {

    /** The component name. */
    public static final String NAME = "gaussian-mixture";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "class-conditional Gaussians in d dimensions with random class means at a given separation";
    }

    @Override
    public DataSource create(Config config, DataContext context) {
        int classes = ConfigValues.intInRange(config, "classes", 2, 100_000);
        int dimension = ConfigValues.intInRange(config, "dimension", 1, 1 << 24);
        double separation = ConfigValues.doubleAtLeast(config, "separation", 0);
        double noise = ConfigValues.doubleAtLeast(config, "noise", 0);
        long seed = ConfigValues.longValue(config, "mean-seed");
        return new GaussianMixture(classes, dimension, separation, noise, seed);
    }
}
