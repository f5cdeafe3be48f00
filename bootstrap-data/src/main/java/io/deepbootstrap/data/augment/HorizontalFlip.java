package io.deepbootstrap.data.augment;

import com.typesafe.config.Config;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.augment.Augmentation;
import io.deepbootstrap.api.augment.AugmentationContext;
import io.deepbootstrap.api.augment.AugmentationFactory;
import io.deepbootstrap.api.config.ConfigValues;
import java.util.random.RandomGenerator;

/**
 * Mirrors each image left-right with probability {@code probability} (one {@code random.nextDouble()}
 * per example, flipped when below the probability). In place, no allocation.
 */
public final class HorizontalFlip implements Augmentation {

    private final double probability;

    /** @param probability chance that an image is flipped, in [0, 1] */
    public HorizontalFlip(double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        this.probability = probability;
    }

    @Override
    public void apply(Batch batch, RandomGenerator random) {
        InputShape s = batch.shape();
        int stride = s.size();
        float[] x = batch.features();
        for (int i = 0; i < batch.size(); i++) {
            if (random.nextDouble() < probability) {
                flip(x, i * stride, s.height(), s.width(), s.channels());
            }
        }
    }

    static void flip(float[] x, int base, int h, int w, int c) {
        for (int y = 0; y < h; y++) {
            int row = base + y * w * c;
            for (int a = 0, b = w - 1; a < b; a++, b--) {
                for (int ch = 0; ch < c; ch++) {
                    int ia = row + a * c + ch;
                    int ib = row + b * c + ch;
                    float t = x[ia];
                    x[ia] = x[ib];
                    x[ib] = t;
                }
            }
        }
    }

    /** The {@code horizontal-flip} component: key {@code probability}. */
    public static final class Factory implements AugmentationFactory {
        @Override
        public String name() {
            return "horizontal-flip";
        }

        @Override
        public String description() {
            return "mirror images left-right with a given probability";
        }

        @Override
        public Augmentation create(Config config, AugmentationContext context) {
            return new HorizontalFlip(ConfigValues.doubleInRange(config, "probability", 0, 1));
        }
    }
}
