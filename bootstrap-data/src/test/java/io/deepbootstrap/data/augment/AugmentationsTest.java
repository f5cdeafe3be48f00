package io.deepbootstrap.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.augment.Augmentation;
import io.deepbootstrap.api.augment.AugmentationFactory;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.data.TestContexts;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationsTest {

    static Augmentation create(AugmentationFactory f, InputShape shape, String userKeys) {
        return f.create(TestContexts.merged(ComponentKind.AUGMENTATION, f.name(), userKeys),
                TestContexts.augmentation(shape, 10));
    }

    /** A batch whose feature j of example i is a distinct non-zero value. */
    static Batch batch(InputShape shape, int n, int classes) {
        Batch b = new Batch(shape, classes, n);
        float[] x = b.features();
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 1000 + 1) / 1000f;
        }
        for (int i = 0; i < n; i++) {
            b.labels()[i] = (i * 3) % classes;
        }
        b.setOneHotTargets();
        return b;
    }

    @Test
    void flipsAKnownTwoByThreeImage() {
        Batch b = new Batch(new InputShape(2, 3, 1), 2, 1);
        System.arraycopy(new float[] {1, 2, 3, 4, 5, 6}, 0, b.features(), 0, 6);
        new HorizontalFlip(1.0).apply(b, new SplittableRandom(0));
        assertThat(b.features()).containsExactly(3, 2, 1, 6, 5, 4);

        Batch rgb = new Batch(new InputShape(2, 3, 2), 2, 1);
        System.arraycopy(new float[] {1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6}, 0, rgb.features(), 0, 12);
        new HorizontalFlip(1.0).apply(rgb, new SplittableRandom(0));
        assertThat(rgb.features()).containsExactly(3, -3, 2, -2, 1, -1, 6, -6, 5, -5, 4, -4);

        Batch none = batch(new InputShape(2, 3, 1), 4, 2);
        float[] before = none.features().clone();
        new HorizontalFlip(0.0).apply(none, new SplittableRandom(0));
        assertThat(none.features()).containsExactly(before);
    }

    @Test
    void flipsAboutTheGivenFraction() {
        InputShape s = new InputShape(1, 2, 1);
        Batch b = new Batch(s, 2, 10_000);
        for (int i = 0; i < 10_000; i++) {
            b.features()[2 * i] = 1;
        }
        create(new HorizontalFlip.Factory(), s, "probability = 0.3").apply(b, new SplittableRandom(1));
        int flipped = 0;
        for (int i = 0; i < 10_000; i++) {
            flipped += b.features()[2 * i] == 0 ? 1 : 0;
        }
        assertThat(flipped).isBetween(2_800, 3_200);
    }

    @Test
    void cropIsAShiftedCopyWithZerosWithinThePadding() {
        InputShape s = new InputShape(4, 5, 2);
        int n = 300;
        Batch b = batch(s, n, 3);
        float[] in = b.features().clone();
        Augmentation crop = create(new RandomCrop.Factory(), s, "padding = 2");
        crop.apply(b, new SplittableRandom(4));
        SplittableRandom replay = new SplittableRandom(4);
        Set<List<Integer>> shifts = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int dy = replay.nextInt(5) - 2;
            int dx = replay.nextInt(5) - 2;
            shifts.add(List.of(dy, dx));
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    for (int c = 0; c < 2; c++) {
                        int sy = y + dy;
                        int sx = x + dx;
                        float expected = sy < 0 || sy >= 4 || sx < 0 || sx >= 5 ? 0f : in[i * 40 + (sy * 5 + sx) * 2 + c];
                        assertThat(b.features()[i * 40 + (y * 5 + x) * 2 + c])
                                .as("example %d shift (%d,%d) at (%d,%d,%d)", i, dy, dx, y, x, c).isEqualTo(expected);
                    }
                }
            }
        }
        assertThat(shifts).as("every offset in [0, 2p] x [0, 2p] occurs").hasSize(25);
    }

    @Test
    void cropPaddingMustBeSmallerThanTheImage() {
        assertThatThrownBy(() -> create(new RandomCrop.Factory(), new InputShape(4, 4, 1), "padding = 4"))
                .isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("padding").hasMessageContaining("expected less than the image size 4");
    }

    @Test
    void cutoutZeroesASquareAndLeavesTheRest() {
        InputShape s = new InputShape(6, 7, 2);
        int n = 200;
        Batch b = batch(s, n, 2);
        float[] in = b.features().clone();
        create(new Cutout.Factory(), s, "size = 3").apply(b, new SplittableRandom(8));
        SplittableRandom replay = new SplittableRandom(8);
        int full = 0;
        for (int i = 0; i < n; i++) {
            int cy = replay.nextInt(6);
            int cx = replay.nextInt(7);
            int zeroed = 0;
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 7; x++) {
                    boolean inside = y >= cy - 1 && y <= cy + 1 && x >= cx - 1 && x <= cx + 1;
                    for (int c = 0; c < 2; c++) {
                        int idx = i * 84 + (y * 7 + x) * 2 + c;
                        assertThat(b.features()[idx]).isEqualTo(inside ? 0f : in[idx]);
                        zeroed += inside ? 1 : 0;
                    }
                }
            }
            full += zeroed == 18 ? 1 : 0;
        }
        assertThat(full).as("squares fully inside the image").isBetween(50, 150);
    }

    @Test
    void mixupTargetsAreTheConvexCombinationOfTwoOneHots() {
        InputShape s = new InputShape(2, 2, 3);
        int n = 64;
        int k = 5;
        Batch b = batch(s, n, k);
        int[] labels = b.labels().clone();
        float[] in = b.features().clone();
        create(new Mixup.Factory(), s, "alpha = 0.4").apply(b, new SplittableRandom(12));
        assertThat(b.labels()).containsExactly(labels);
        // replay the permutation (Fisher-Yates from the end, drawn before the lambdas)
        SplittableRandom replay = new SplittableRandom(12);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = replay.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int mixedPairs = 0;
        for (int i = 0; i < n; i++) {
            int j = perm[i];
            float[] t = java.util.Arrays.copyOfRange(b.targets(), i * k, i * k + k);
            double sum = 0;
            for (float v : t) {
                sum += v;
                assertThat(v).isBetween(0f, 1f);
            }
            assertThat(sum).isCloseTo(1.0, within(1e-6));
            // lambda from the features (every feature is distinct, so x_i != x_j when i != j)
            int f = 0;
            double lambda = i == j ? 1 : (b.features()[i * 12 + f] - in[j * 12 + f]) / (in[i * 12 + f] - in[j * 12 + f]);
            for (f = 0; f < 12; f++) {
                assertThat(b.features()[i * 12 + f])
                        .isCloseTo((float) (lambda * in[i * 12 + f] + (1 - lambda) * in[j * 12 + f]), within(1e-4f));
            }
            float[] expected = new float[k];
            expected[labels[i]] += (float) lambda;
            expected[labels[j]] += (float) (1 - lambda);
            for (int c = 0; c < k; c++) {
                assertThat(t[c]).isCloseTo(expected[c], within(2e-3f));
            }
            if (labels[i] != labels[j] && lambda > 0.05 && lambda < 0.95) {
                mixedPairs++;
            }
        }
        assertThat(mixedPairs).as("some examples are genuinely mixed").isGreaterThan(5);
    }

    @Test
    void betaSamplerHasTheRightMoments() {
        SplittableRandom random = new SplittableRandom(3);
        for (double alpha : new double[] {0.2, 1.0, 2.5}) {
            int n = 100_000;
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                double l = Distributions.beta(random, alpha, alpha);
                assertThat(l).isBetween(0.0, 1.0);
                sum += l;
                sq += l * l;
            }
            double mean = sum / n;
            double var = sq / n - mean * mean;
            assertThat(mean).as("alpha %s", alpha).isCloseTo(0.5, within(0.01));
            assertThat(var).as("alpha %s", alpha).isCloseTo(1 / (4 * (2 * alpha + 1)), within(0.005));
        }
    }

    @Test
    void gaussianNoiseHasTheConfiguredStdAndIsClipped() {
        InputShape s = new InputShape(8, 8, 3);
        Batch b = new Batch(s, 2, 100);
        create(new GaussianNoise.Factory(), s, "std = 0.1").apply(b, new SplittableRandom(5));
        double sum = 0;
        double sq = 0;
        for (float v : b.features()) {
            sum += v;
            sq += v * v;
        }
        int n = b.features().length;
        assertThat(sum / n).isCloseTo(0, within(0.005));
        assertThat(Math.sqrt(sq / n)).isCloseTo(0.1, within(0.003));

        java.util.Arrays.fill(b.features(), 0.95f);
        new GaussianNoise(0.5).apply(b, new SplittableRandom(6));
        int clipped = 0;
        for (float v : b.features()) {
            assertThat(v).isBetween(-1f, 1f);
            clipped += v == 1f ? 1 : 0;
        }
        assertThat(clipped).isGreaterThan(n / 3);
    }

    @Test
    void sameSeedSameOutputForEveryAugmentation() {
        InputShape s = new InputShape(8, 8, 3);
        List<AugmentationFactory> factories = List.of(new RandomCrop.Factory(), new HorizontalFlip.Factory(),
                new Cutout.Factory(), new Mixup.Factory(), new GaussianNoise.Factory());
        for (AugmentationFactory f : factories) {
            Augmentation a = create(f, s, "");
            Batch b1 = batch(s, 16, 10);
            Batch b2 = batch(s, 16, 10);
            Batch b3 = batch(s, 16, 10);
            a.apply(b1, new SplittableRandom(99));
            create(f, s, "").apply(b2, new SplittableRandom(99));
            a.apply(b3, new SplittableRandom(100));
            assertThat(b1.features()).as(f.name()).containsExactly(b2.features());
            assertThat(b1.targets()).as(f.name()).containsExactly(b2.targets());
            assertThat(b1.features()).as(f.name() + " with another seed").isNotEqualTo(b3.features());
        }
    }

    @Test
    void onlyTheFirstSizeExamplesAreTouched() {
        InputShape s = new InputShape(4, 4, 1);
        List<AugmentationFactory> factories = List.of(new RandomCrop.Factory(), new HorizontalFlip.Factory(),
                new Cutout.Factory(), new Mixup.Factory(), new GaussianNoise.Factory());
        for (AugmentationFactory f : factories) {
            Batch b = batch(s, 8, 10);
            float[] before = b.features().clone();
            float[] targetsBefore = b.targets().clone();
            b.setSize(5);
            create(f, s, "padding = 2, probability = 1").apply(b, new SplittableRandom(1));
            assertThat(java.util.Arrays.copyOfRange(b.features(), 5 * 16, 8 * 16)).as(f.name())
                    .containsExactly(java.util.Arrays.copyOfRange(before, 5 * 16, 8 * 16));
            assertThat(java.util.Arrays.copyOfRange(b.targets(), 50, 80)).as(f.name())
                    .containsExactly(java.util.Arrays.copyOfRange(targetsBefore, 50, 80));
        }
    }
}
