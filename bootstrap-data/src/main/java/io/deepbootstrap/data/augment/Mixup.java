package io.deepbootstrap.data.augment;

import com.typesafe.config.Config;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.augment.Augmentation;
import io.deepbootstrap.api.augment.AugmentationContext;
import io.deepbootstrap.api.augment.AugmentationFactory;
import io.deepbootstrap.api.config.ConfigValues;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Mixup (Zhang et al., 2018). Draws a random permutation {@code j = perm(i)} of the batch (Fisher-Yates,
 * from the last position down), then for each example i in order a {@code lambda ~ Beta(alpha, alpha)}
 * and sets
 * <pre>
 *   x_i       = lambda * x_i + (1 - lambda) * x_j          (from the features before mixing)
 *   targets_i = lambda * onehot(y_i) + (1 - lambda) * onehot(y_j)
 * </pre>
 * Hard labels are left unchanged (error metrics use them). Targets are built from the labels, so any
 * soft targets an earlier augmentation wrote are replaced. Scratch buffers are kept per thread and
 * reused, so steady-state use allocates nothing.
 */
public final class Mixup implements Augmentation {

    private final double alpha;
    private final ThreadLocal<float[][]> scratch = ThreadLocal.withInitial(() -> new float[1][0]);
    private final ThreadLocal<int[][]> permutation = ThreadLocal.withInitial(() -> new int[1][0]);

    /** @param alpha the Beta distribution's parameter, greater than 0 */
    public Mixup(double alpha) {
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public void apply(Batch batch, RandomGenerator random) {
        int n = batch.size();
        if (n == 0) {
            return;
        }
        int d = batch.shape().size();
        int k = batch.numClasses();
        float[] x = batch.features();
        int[] labels = batch.labels();
        float[] targets = batch.targets();

        int[][] permHolder = permutation.get();
        if (permHolder[0].length < n) {
            permHolder[0] = new int[n];
        }
        int[] perm = permHolder[0];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        float[][] holder = scratch.get();
        if (holder[0].length < n * d) {
            holder[0] = new float[n * d];
        }
        float[] original = holder[0];
        System.arraycopy(x, 0, original, 0, n * d);

        Arrays.fill(targets, 0, n * k, 0f);
        for (int i = 0; i < n; i++) {
            int j = perm[i];
            float lambda = (float) Distributions.beta(random, alpha, alpha);
            float mu = 1f - lambda;
            int xi = i * d;
            int xj = j * d;
            for (int f = 0; f < d; f++) {
                x[xi + f] = lambda * original[xi + f] + mu * original[xj + f];
            }
            targets[i * k + labels[i]] += lambda;
            targets[i * k + labels[j]] += mu;
        }
    }

    /** The {@code mixup} component: key {@code alpha}. */
    public static final class Factory implements AugmentationFactory {
        @Override
        public String name() {
            return "mixup";
        }

        @Override
        public String description() {
            return "mix examples pairwise with Beta(alpha, alpha) weights, writing soft targets";
        }

        @Override
        public Augmentation create(Config config, AugmentationContext context) {
            double alpha = ConfigValues.finiteDouble(config, "alpha");
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw ConfigValues.bad(config, "alpha", "expected a finite number > 0, got " + alpha);
            }
            return new Mixup(alpha);
        }
    }
}
