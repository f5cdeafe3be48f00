package io.deepbootstrap.data.augment;

import com.typesafe.config.Config;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.augment.Augmentation;
import io.deepbootstrap.api.augment.AugmentationContext;
import io.deepbootstrap.api.augment.AugmentationFactory;
import io.deepbootstrap.api.config.ConfigValues;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Cutout (DeVries and Taylor, 2017): per image, sets a {@code size x size} square to 0 in every channel
 * (0 is mid-grey in [-1, 1]). The square's centre pixel is drawn uniformly over the image (row, then
 * column, {@code random.nextInt}); it covers rows {@code cy - size/2 .. cy - size/2 + size - 1} (and
 * likewise columns), clipped at the borders, so squares near the edge are partly outside.
 */
public final class Cutout implements Augmentation {

    private final int size;

    /** @param size side of the square in pixels, at least 1 */
    public Cutout(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        this.size = size;
    }

    @Override
    public void apply(Batch batch, RandomGenerator random) {
        InputShape s = batch.shape();
        int h = s.height();
        int w = s.width();
        int c = s.channels();
        float[] x = batch.features();
        for (int i = 0; i < batch.size(); i++) {
            int cy = random.nextInt(h);
            int cx = random.nextInt(w);
            int y0 = Math.max(0, cy - size / 2);
            int y1 = Math.min(h, cy - size / 2 + size);
            int x0 = Math.max(0, cx - size / 2);
            int x1 = Math.min(w, cx - size / 2 + size);
            int base = i * s.size();
            for (int y = y0; y < y1; y++) {
                int row = base + y * w * c;
                Arrays.fill(x, row + x0 * c, row + x1 * c, 0f);
            }
        }
    }

    /** The {@code cutout} component: key {@code size}. */
    public static final class Factory implements AugmentationFactory {
        @Override
        public String name() {
            return "cutout";
        }

        @Override
        public String description() {
            return "zero a random size x size square of each image";
        }

        @Override
        public Augmentation create(Config config, AugmentationContext context) {
            return new Cutout(ConfigValues.intAtLeast(config, "size", 1));
        }
    }
}
