package ${package};

import com.typesafe.config.Config;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.augment.Augmentation;
import io.deepbootstrap.api.augment.AugmentationContext;
import io.deepbootstrap.api.augment.AugmentationFactory;
import io.deepbootstrap.api.config.ConfigValues;

/**
 * Augmentation {@code ${pluginId}-noise}: adds Gaussian noise of standard deviation {@code std} to every feature of
 * a training batch. Labels and targets stay as they are; the randomness is the framework's augmentation stream.
 */
public final class ExampleAugmentation implements AugmentationFactory {
    @Override
    public String name() {
        return "${pluginId}-noise";
    }

    @Override
    public String description() {
        return "Gaussian feature noise of standard deviation `std` (${pluginId})";
    }

    @Override
    public Augmentation create(Config config, AugmentationContext context) {
        double std = ConfigValues.doubleAtLeast(config, "std", 0);
        int size = context.inputShape().size();
        return (batch, random) -> {
            float[] features = batch.features();
            for (int i = 0; i < batch.size() * size; i++) {
                features[i] += (float) (std * random.nextGaussian());
            }
        };
    }
}
