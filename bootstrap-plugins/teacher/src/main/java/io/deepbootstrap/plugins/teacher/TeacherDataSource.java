package io.deepbootstrap.plugins.teacher;

import com.typesafe.config.Config;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.ExampleGenerator;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Example data source plugin: {@code type = teacher}, an infinite generator of labelled examples. Inputs
 * are standard normal vectors; the label of an input is the arg-max class of a fixed random
 * "teacher" network (one tanh hidden layer), whose weights are drawn once from {@code teacher-seed}.
 * The input stream itself comes from the random stream the framework passes, so the real world, the
 * ideal world and the test set draw disjoint, reproducible samples of one distribution.
 *
 * <p>Keys (defaults in this plugin's {@code reference.conf} under
 * {@code bootstrap.components.data-source.teacher}): {@code dimension}, {@code classes}, {@code hidden},
 * {@code teacher-seed}.
 */
public final class TeacherDataSource implements DataSourceFactory {

    @Override
    public String name() {
        return "teacher";
    }

    @Override
    public String description() {
        return "gaussian inputs labelled by a fixed random teacher network (example plugin)";
    }

    @Override
    public DataSource create(Config config, DataContext context) {
        int dimension = ConfigValues.intAtLeast(config, "dimension", 1);
        int classes = ConfigValues.intAtLeast(config, "classes", 2);
        int hidden = ConfigValues.intAtLeast(config, "hidden", 1);
        long seed = ConfigValues.longValue(config, "teacher-seed");
        return new Teacher(dimension, classes, hidden, seed);
    }

    /** The generator: a teacher network with weights fixed at creation. */
    static final class Teacher implements ExampleGenerator {
        private final int dimension;
        private final int classes;
        private final int hidden;
        private final double[] w1;
        private final double[] b1;
        private final double[] w2;

        Teacher(int dimension, int classes, int hidden, long seed) {
            this.dimension = dimension;
            this.classes = classes;
            this.hidden = hidden;
            SplittableRandom random = new SplittableRandom(seed);
            w1 = gaussian(random, hidden * dimension, 1 / Math.sqrt(dimension));
            b1 = gaussian(random, hidden, 0.1);
            w2 = gaussian(random, classes * hidden, 1 / Math.sqrt(hidden));
        }

        private static double[] gaussian(SplittableRandom random, int n, double scale) {
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = random.nextGaussian() * scale;
            }
            return w;
        }

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
            for (int j = 0; j < dimension; j++) {
                features[offset + j] = (float) random.nextGaussian();
            }
            return label(features, offset);
        }

        /** @return the teacher's class for the input at {@code offset} */
        int label(float[] features, int offset) {
            double[] h = new double[hidden];
            for (int i = 0; i < hidden; i++) {
                double s = b1[i];
                for (int j = 0; j < dimension; j++) {
                    s += w1[i * dimension + j] * features[offset + j];
                }
                h[i] = Math.tanh(s);
            }
            int best = 0;
            double bestLogit = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double s = 0;
                for (int i = 0; i < hidden; i++) {
                    s += w2[c * hidden + i] * h[i];
                }
                if (s > bestLogit) {
                    bestLogit = s;
                    best = c;
                }
            }
            return best;
        }
    }
}
