package io.deepbootstrap.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LabelNoiseTest {

    private static final int LABELS = 100_000;
    private static final int CLASSES = 10;

    @Test
    void aFractionPOfTheLabelsBecomesADifferentClass() {
        for (double p : new double[] {0.2, 0.5}) {
            LabelNoise noise = new LabelNoise(p, CLASSES, 42);
            int changed = 0;
            int[] byOffset = new int[CLASSES];
            for (long id = 0; id < LABELS; id++) {
                int label = (int) (id % CLASSES);
                int noisy = noise.apply(id, label);
                assertThat(noisy).isBetween(0, CLASSES - 1);
                if (noisy != label) {
                    changed++;
                }
                byOffset[Math.floorMod(noisy - label, CLASSES)]++;
            }
            // the binomial standard deviation is at most 0.0016 here: 0.005 is more than 3 of them
            assertThat(changed / (double) LABELS).as("corrupted fraction at p = " + p).isCloseTo(p, within(0.005));
            // the wrong label is uniform over the 9 other classes: p / 9 each (std <= 0.0007)
            for (int offset = 1; offset < CLASSES; offset++) {
                assertThat(byOffset[offset] / (double) LABELS).as("offset " + offset + " at p = " + p)
                        .isCloseTo(p / (CLASSES - 1), within(0.003));
            }
        }
    }

    @Test
    void anExampleKeepsItsNoisyLabelAndTheSeedDecides() {
        LabelNoise noise = new LabelNoise(0.5, CLASSES, 7);
        LabelNoise same = new LabelNoise(0.5, CLASSES, 7);
        LabelNoise other = new LabelNoise(0.5, CLASSES, 8);
        int differ = 0;
        for (long id = 0; id < 1000; id++) {
            int label = (int) (id % CLASSES);
            assertThat(same.apply(id, label)).isEqualTo(noise.apply(id, label));
            assertThat(noise.apply(id, label)).isEqualTo(noise.apply(id, label));
            differ += other.apply(id, label) != noise.apply(id, label) ? 1 : 0;
        }
        assertThat(differ).isGreaterThan(400);
    }

    @Test
    void zeroKeepsEveryLabelAndOneChangesEvery() {
        LabelNoise none = new LabelNoise(0, CLASSES, 1);
        LabelNoise all = new LabelNoise(1, 2, 1);
        for (long id = 0; id < 1000; id++) {
            assertThat(none.apply(id, (int) (id % CLASSES))).isEqualTo((int) (id % CLASSES));
            assertThat(all.apply(id, (int) (id % 2))).isEqualTo(1 - (int) (id % 2));
        }
    }

    @Test
    void rejectsABadProbabilityAndASingleClass() {
        assertThatThrownBy(() -> new LabelNoise(1.5, CLASSES, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label noise must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new LabelNoise(0.1, 1, 0))
                .hasMessage("label noise needs at least 2 classes to move a label to another class, the data has 1");
        assertThat(new LabelNoise(0, 1, 0).apply(3, 0)).isZero();
    }
}
