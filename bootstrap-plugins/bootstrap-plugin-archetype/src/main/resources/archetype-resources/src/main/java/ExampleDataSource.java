package ${package};

import com.typesafe.config.Config;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.ExampleGenerator;
import java.util.random.RandomGenerator;

/**
 * Data source {@code ${pluginId}-rings}: an infinite generator of concentric rings, one per class, in the first two
 * coordinates (radius {@code (c + 1) / classes}, Gaussian radial {@code noise}); the other {@code dimension - 2}
 * coordinates are small Gaussian noise. All randomness comes from the stream the framework passes, so runs are
 * reproducible and the real world, the ideal world and the test set are disjoint samples.
 */
public final class ExampleDataSource implements DataSourceFactory {
    @Override
    public String name() {
        return "${pluginId}-rings";
    }

    @Override
    public String description() {
        return "concentric rings, one per class (${pluginId})";
    }

    @Override
    public DataSource create(Config config, DataContext context) {
        return new Rings(ConfigValues.intAtLeast(config, "dimension", 2), ConfigValues.intAtLeast(config, "classes", 2),
                ConfigValues.doubleAtLeast(config, "noise", 0));
    }

    /** The generator: stateless apart from its settings. */
    record Rings(int dimension, int classes, double noise) implements ExampleGenerator {
        @Override
        public InputShape inputShape() {
            return InputShape.vector(dimension);
        }

        @Override
        public int numClasses() {
            return classes;
        }

        @Override
        public int sample(RandomGenerator random, float[] features, int offset) {
            int label = random.nextInt(classes);
            double radius = (label + 1.0) / classes + noise * random.nextGaussian();
            double angle = random.nextDouble(2 * Math.PI);
            features[offset] = (float) (radius * Math.cos(angle));
            features[offset + 1] = (float) (radius * Math.sin(angle));
            for (int i = 2; i < dimension; i++) {
                features[offset + i] = (float) (0.1 * random.nextGaussian());
            }
            return label;
        }
    }
}
