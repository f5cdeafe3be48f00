package io.deepbootstrap.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.data.TestContexts;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianMixtureTest {

    static GaussianMixture create(String userKeys) {
        return (GaussianMixture) new GaussianMixtureFactory().create(
                TestContexts.merged(ComponentKind.DATA_SOURCE, "gaussian-mixture", userKeys), TestContexts.data(Path.of(".")));
    }

    @Test
    void defaultsAndShape() {
        GaussianMixture g = create("");
        assertThat(g.inputShape()).isEqualTo(InputShape.vector(32));
        assertThat(g.numClasses()).isEqualTo(10);
        assertThat(g.separation()).isEqualTo(2.0);
        assertThatThrownBy(() -> create("noise = -0.5")).isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("noise").hasMessageContaining("expected a finite number >= 0.0, found -0.5");
        assertThatThrownBy(() -> create("classes = 1")).isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("classes");
    }

    @Test
    void meansDependOnlyOnMeanSeedAndSamplesOnTheStream() {
        GaussianMixture a = create("mean-seed = 5");
        GaussianMixture b = create("mean-seed = 5");
        GaussianMixture c = create("mean-seed = 6");
        for (int k = 0; k < 10; k++) {
            assertThat(a.mean(k)).containsExactly(b.mean(k));
        }
        assertThat(a.mean(0)).isNotEqualTo(c.mean(0));
        float[] xa = new float[32 * 20];
        float[] xb = new float[32 * 20];
        SplittableRandom ra = new SplittableRandom(9);
        SplittableRandom rb = new SplittableRandom(9);
        for (int i = 0; i < 20; i++) {
            assertThat(a.sample(ra, xa, i * 32)).isEqualTo(b.sample(rb, xb, i * 32));
        }
        assertThat(xa).containsExactly(xb);
    }

    @Test
    void meansAreAtTheConfiguredSeparationAndEmpiricalMeansMatch() {
        GaussianMixture g = create("classes = 4, dimension = 8, separation = 3.0, noise = 0.5, mean-seed = 1");
        for (int k = 0; k < 4; k++) {
            double norm = 0;
            for (double v : g.mean(k)) {
                norm += v * v;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(3.0, within(1e-9));
        }
        int n = 40_000;
        double[][] sums = new double[4][8];
        double[][] sq = new double[4][8];
        int[] counts = new int[4];
        float[] x = new float[8];
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < n; i++) {
            int y = g.sample(random, x, 0);
            counts[y]++;
            for (int j = 0; j < 8; j++) {
                sums[y][j] += x[j];
                sq[y][j] += x[j] * x[j];
            }
        }
        for (int k = 0; k < 4; k++) {
            assertThat(counts[k]).isBetween(n / 4 - 500, n / 4 + 500);
            double[] mean = g.mean(k);
            for (int j = 0; j < 8; j++) {
                double m = sums[k][j] / counts[k];
                // standard error 0.5 / sqrt(10000) = 0.005; allow 5 standard errors
                assertThat(m).isCloseTo(mean[j], within(0.025));
                double var = sq[k][j] / counts[k] - m * m;
                assertThat(Math.sqrt(var)).isCloseTo(0.5, within(0.02));
            }
        }
    }
}
