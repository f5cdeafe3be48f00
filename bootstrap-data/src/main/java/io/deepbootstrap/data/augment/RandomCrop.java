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
 * Random crop with zero padding: each image is padded by {@code padding} pixels of value 0 on every side
 * (0 is mid-grey in the [-1, 1] pixel scale) and cropped back to its size at an offset drawn uniformly
 * from {@code [0, 2 * padding]} in each direction, i.e. shifted by up to {@code padding} pixels with the
 * uncovered border filled with zeros. Done in place without allocation. Per example it draws the
 * vertical offset, then the horizontal one ({@code random.nextInt(2 * padding + 1)} each).
 */
public final class RandomCrop implements Augmentation {

    private final int padding;

    /** @param padding pixels of zero padding per side, at least 0 */
    public RandomCrop(int padding) {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + padding);
        }
        this.padding = padding;
    }

    @Override
    public void apply(Batch batch, RandomGenerator random) {
        InputShape s = batch.shape();
        int n = batch.size();
        int stride = s.size();
        float[] x = batch.features();
        for (int i = 0; i < n; i++) {
            int dy = random.nextInt(2 * padding + 1) - padding;
            int dx = random.nextInt(2 * padding + 1) - padding;
            shift(x, i * stride, s.height(), s.width(), s.channels(), dy, dx);
        }
    }

    /**
     * Shifts one NHWC image in place: {@code out(y, x) = in(y + dy, x + dx)}, zero where that lies outside.
     *
     * @param x features
     * @param base offset of the image
     * @param h height
     * @param w width
     * @param c channels
     * @param dy vertical shift
     * @param dx horizontal shift
     */
    static void shift(float[] x, int base, int h, int w, int c, int dy, int dx) {
        if (dy == 0 && dx == 0) {
            return;
        }
        int x0 = Math.max(0, -dx);
        int x1 = Math.min(w, w - dx);
        int row = w * c;
        // rows are read from y + dy: go in the direction that reads rows before they are overwritten
        for (int k = 0; k < h; k++) {
            int y = dy >= 0 ? k : h - 1 - k;
            int sy = y + dy;
            int dst = base + y * row;
            if (sy < 0 || sy >= h || x1 <= x0) {
                java.util.Arrays.fill(x, dst, dst + row, 0f);
                continue;
            }
            // arraycopy copies overlapping ranges correctly (as if through a temporary)
            System.arraycopy(x, base + sy * row + (x0 + dx) * c, x, dst + x0 * c, (x1 - x0) * c);
            java.util.Arrays.fill(x, dst, dst + x0 * c, 0f);
            java.util.Arrays.fill(x, dst + x1 * c, dst + row, 0f);
        }
    }

    /** The {@code random-crop} component: key {@code padding}. */
    public static final class Factory implements AugmentationFactory {
        @Override
        public String name() {
            return "random-crop";
        }

        @Override
        public String description() {
            return "pad with zeros and crop back at a random offset (a random shift of up to `padding` pixels)";
        }

        @Override
        public Augmentation create(Config config, AugmentationContext context) {
            int padding = ConfigValues.intAtLeast(config, "padding", 0);
            int limit = Math.min(context.inputShape().height(), context.inputShape().width());
            if (padding >= limit) {
                throw ConfigValues.bad(config, "padding", "expected less than the image size " + limit
                        + " (input shape " + context.inputShape() + "), got " + padding);
            }
            return new RandomCrop(padding);
        }
    }
}
