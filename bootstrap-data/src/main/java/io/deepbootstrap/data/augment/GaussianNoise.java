package io.deepbootstrap.data.augment;

import com.typesafe.config.Config;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.augment.Augmentation;
import io.deepbootstrap.api.augment.AugmentationContext;
import io.deepbootstrap.api.augment.AugmentationFactory;
import io.deepbootstrap.api.config.ConfigValues;
import java.util.random.RandomGenerator;

/**
 * Adds independent {@code N(0, std^2)} noise to every feature value (one {@code random.nextGaussian()}
 * per value, in order) and clips the result to [-1, 1].
 */
public final class GaussianNoise implements Augmentation {

    private final double std;

    /** @param std standard deviation, at least 0 */
    public GaussianNoise(double std) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("std must be >= 0, got " + std);
        }
        this.std = std;
    }

    @Override
    public void apply(Batch batch, RandomGenerator random) {
        float[] x = batch.features();
        int end = batch.size() * batch.shape().size();
        for (int i = 0; i < end; i++) {
            double v = x[i] + std * random.nextGaussian();
            x[i] = (float) (v < -1 ? -1 : v > 1 ? 1 : v);
        }
    }

    /** The {@code gaussian-noise} component: key {@code std}. */
    public static final class Factory implements AugmentationFactory {
        @Override
        public String name() {
            return "gaussian-noise";
        }

        @Override
        public String description() {
            return "add Gaussian noise of a given std to every value, clipped to [-1, 1]";
        }

        @Override
        public Augmentation create(Config config, AugmentationContext context) {
            return new GaussianNoise(ConfigValues.doubleAtLeast(config, "std", 0));
        }
    }
}
