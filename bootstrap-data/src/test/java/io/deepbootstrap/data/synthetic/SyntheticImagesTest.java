package io.deepbootstrap.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.data.TestContexts;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class SyntheticImagesTest {

    static ExampleGenerator defaults(String userKeys) {
        DataSource s = new SyntheticImagesFactory().create(
                TestContexts.merged(ComponentKind.DATA_SOURCE, "synthetic-images", userKeys), TestContexts.data(Path.of(".")));
        assertThat(s).isInstanceOf(ExampleGenerator.class);
        return (ExampleGenerator) s;
    }

    @Test
    void defaultsFromReferenceConf() {
        ExampleGenerator g = defaults("");
        assertThat(g.inputShape()).isEqualTo(new InputShape(16, 16, 3));
        assertThat(g.numClasses()).isEqualTo(10);
        assertThat(g.classNames()).containsExactly("disc", "ring", "square-outline", "filled-square", "cross",
                "horizontal-stripes", "vertical-stripes", "diagonal-stripes", "checkerboard", "triangle");
        ExampleGenerator small = defaults("image-size = 12, channels = 1, classes = 4");
        assertThat(small.inputShape()).isEqualTo(new InputShape(12, 12, 1));
        assertThat(small.classNames()).containsExactly("disc", "ring", "square-outline", "filled-square");
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> defaults("classes = 11")).isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("classes").hasMessageContaining("expected an integer in 2..10, found 11");
        assertThatThrownBy(() -> defaults("scale-min = 0.8, scale-max = 0.5")).isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("scale-max").hasMessageContaining("expected a number in [0.8, 1.0], found 0.5");
        assertThatThrownBy(() -> defaults("noise = -1")).isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("noise");
    }

    @Test
    void sameSeedSameBytesDifferentSeedDifferent() {
        ExampleGenerator g = defaults("");
        int n = 50;
        int d = g.inputShape().size();
        float[] a = new float[n * d];
        float[] b = new float[n * d];
        float[] c = new float[n * d];
        int[] la = new int[n];
        int[] lb = new int[n];
        RandomGenerator ra = RandomGeneratorFactory.of("L64X128MixRandom").create(42);
        RandomGenerator rb = RandomGeneratorFactory.of("L64X128MixRandom").create(42);
        RandomGenerator rc = RandomGeneratorFactory.of("L64X128MixRandom").create(43);
        for (int i = 0; i < n; i++) {
            la[i] = g.sample(ra, a, i * d);
            lb[i] = defaults("").sample(rb, b, i * d); // a second instance: no hidden state
            g.sample(rc, c, i * d);
        }
        assertThat(la).containsExactly(lb);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void everyClassIsDrawnAndVisibleAndValuesInRange() {
        SyntheticImages g = (SyntheticImages) defaults("noise = 0");
        SplittableRandom random = new SplittableRandom(3);
        float[] x = new float[g.inputShape().size()];
        for (Shape s : Shape.values()) {
            for (int rep = 0; rep < 20; rep++) {
                g.draw(s, random, x, 0);
                // without noise an image holds background pixels and foreground pixels of different colour
                float min = Float.MAX_VALUE;
                float max = -Float.MAX_VALUE;
                int distinct = 0;
                for (int p = 0; p < 256; p++) {
                    assertThat(x[p * 3]).isBetween(-1f, 1f);
                    if (p > 0 && (x[p * 3] != x[0] || x[p * 3 + 1] != x[1] || x[p * 3 + 2] != x[2])) {
                        distinct++;
                    }
                    min = Math.min(min, x[p * 3]);
                    max = Math.max(max, x[p * 3]);
                }
                assertThat(distinct).as("%s: pixels differing from the corner", s).isBetween(5, 250);
            }
        }
        ExampleGenerator noisy = defaults("noise = 1.0");
        int[] counts = new int[10];
        float[] batch = new float[200 * x.length];
        for (int i = 0; i < 200; i++) {
            counts[noisy.sample(random, batch, i * x.length)]++;
        }
        assertThat(counts).doesNotContain(0);
        for (float v : batch) {
            assertThat(v).isBetween(-1f, 1f);
        }
        assertThat(batch).contains(-1f, 1f); // noise clipped
    }

    @Test
    void objectsStayInsideTheImage() {
        SyntheticImages g = new SyntheticImages(16, 1, 10, 0, 0.9, 0.9, 1.0, 0);
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[256];
        for (int rep = 0; rep < 50; rep++) {
            g.draw(Shape.DISC, random, x, 0);
            float bg = x[0];
            // corner pixels of a disc of diameter 14.4 px inside 16 px are background
            assertThat(new float[] {x[15], x[240], x[255]}).containsOnly(bg);
        }
    }

    @Test
    void classesAreSeparableByTranslationInvariantFeaturesButNotByPixelTemplates() {
        ExampleGenerator g = defaults("");
        double spectrum = Separability.nearestClassMean(g, Separability.spectrum(g.inputShape()), 1500, 600, 11);
        double pixels = Separability.nearestClassMean(g, Separability.pixels(), 1500, 600, 11);
        // chance is 0.1: the classes are learnable from shift-invariant structure ...
        assertThat(spectrum).isGreaterThan(0.5);
        // ... while a fixed template per class (what a linear model on pixels starts from) is near chance
        assertThat(pixels).isLessThan(0.2);
    }
}
