package io.deepbootstrap.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.testing.Harness;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code class-subset = [...]} in a data-source block: filtering, renumbering, the designated test pool, errors. */
class ClassSubsetTest {
    @TempDir
    Path dir;

    private ExperimentData open(String extra) throws Exception {
        ExperimentSettings settings = Harness.settings(dir, extra);
        return ExperimentData.open(settings, Harness.REGISTRY);
    }

    @Test
    void poolKeepsTheListedClassesRenumberedInListOrderAndFiltersItsTestPool() throws Exception {
        // array-pool: example i has feature i and label i % 3
        try (ExperimentData data = open("data { type = array-pool, size = 1000, test-split = 100, class-subset = [2, 0] }\n"
                + "data.train-sizes = [40]\ndata.test-size = 50\ntraining.steps = 10")) {
            ExamplePool pool = (ExamplePool) data.data();
            assertThat(pool.numClasses()).isEqualTo(2);
            assertThat(pool.classNames()).containsExactly("2", "0");
            assertThat(pool.size()).isEqualTo(333 + 334); // labels 2 and 0 among 0..999
            float[] x = new float[2];
            for (long i = 0; i < pool.size(); i++) {
                int label = pool.read(i, x, 0);
                int original = (int) x[0] % 3;
                assertThat(original).isIn(0, 2);
                assertThat(label).isEqualTo(original == 2 ? 0 : 1);
            }
            ExamplePool test = pool.testPool().orElseThrow();
            assertThat(test.size()).isEqualTo(33 + 34);
            assertThat(test.read(0, x, 0)).isEqualTo(1); // example 0 of the test pool: class 0, now label 1
        }
    }

    @Test
    void generatorDrawsOnlyTheListedClassesAsAFunctionOfTheStream() throws Exception {
        try (ExperimentData data = open("data { class-subset = [1, 2] }\ndata.train-sizes = [40]")) {
            ExampleGenerator g = (ExampleGenerator) data.data();
            assertThat(g.numClasses()).isEqualTo(2);
            float[] x = new float[4];
            int[] counts = new int[2];
            double[] axisMean = new double[2];
            SplittableRandom a = new SplittableRandom(7);
            SplittableRandom b = new SplittableRandom(7);
            float[] y = new float[4];
            for (int i = 0; i < 3000; i++) {
                int label = g.sample(a, x, 0);
                assertThat(g.sample(b, y, 0)).isEqualTo(label);
                assertThat(y).containsExactly(x);
                counts[label]++;
                axisMean[label] += x[label + 1]; // blobs: class c is shifted by +3 on axis c
            }
            assertThat(counts[0]).isBetween(1350, 1650); // the two kept classes stay equally frequent
            assertThat(axisMean[0] / counts[0]).isBetween(2.8, 3.2); // label 0 is original class 1
            assertThat(axisMean[1] / counts[1]).isBetween(2.8, 3.2); // label 1 is original class 2
        }
    }

    @Test
    void aClassTheSourceDoesNotHaveIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> open("data { class-subset = [0, 5] }"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:")
                .hasMessageContaining("data.class-subset: class 5 is not one of the source's classes 0..2");
    }

    @Test
    void duplicatesAndSingleClassesAreRejected() {
        assertThatThrownBy(() -> open("data { class-subset = [1, 1] }"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("data.class-subset: class 1 is listed twice in [1, 1]");
        assertThatThrownBy(() -> open("pretraining { steps = 5, data = { type = blobs, class-subset = [2] } }"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("pretraining.data.class-subset: expected at least 2 classes, found [2]");
    }

    @Test
    void aValueThatIsNotAListOfNumbersIsReportedWhenTheSettingsAreRead() {
        assertThatThrownBy(() -> Harness.settings(dir, "data { class-subset = [a, b] }"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("data.class-subset: expected a list of class numbers, e.g. [5, 6, 7, 8, 9], found [\"a\",\"b\"]");
    }

    @Test
    void noSubsetLeavesTheSourceAsItIs() throws Exception {
        try (ExperimentData data = open("data.train-sizes = [40]")) {
            DataSource source = data.data();
            assertThat(source.numClasses()).isEqualTo(3);
            assertThat(source.getClass().getSimpleName()).isEqualTo("BlobGenerator");
        }
    }
}
