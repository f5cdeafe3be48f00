package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.augment.Augmentation;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.api.metric.Metric;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.testkit.Contexts;
import io.deepbootstrap.testkit.Testkit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unit tests of the components (mvn test): each created as the framework creates it, with the configuration from
 * {@code Testkit.config} (its reference.conf plus the test's keys, checked) and a ready-made context.
 */
class ExampleComponentsTest {
    @TempDir
    Path dir;

    @Test
    void theArchitectureHasTheConfiguredWidth() {
        try (Network net = Testkit.create(ComponentKind.ARCHITECTURE, "${pluginId}-mlp", "width = 8",
                Contexts.architecture(InputShape.vector(4), 3))) {
            assertThat(net.parameterCount()).isEqualTo(4 * 8 + 8 + 8 * 3 + 3);
        }
        // a bad value is reported naming the key and what was expected
        assertThatThrownBy(() -> Testkit.create(ComponentKind.ARCHITECTURE, "${pluginId}-mlp", "width = 0",
                Contexts.architecture(InputShape.vector(4), 3))).hasMessageContaining("width").hasMessageContaining(">= 1");
    }

    @Test
    void theDataSourceIsReproducibleAndLabelsFollowTheRings() {
        ExampleGenerator a = Testkit.create(ComponentKind.DATA_SOURCE, "${pluginId}-rings", "noise = 0", Contexts.data(dir));
        ExampleGenerator b = Testkit.create(ComponentKind.DATA_SOURCE, "${pluginId}-rings", "noise = 0", Contexts.data(dir));
        float[] fa = new float[4];
        float[] fb = new float[4];
        SplittableRandom ra = new SplittableRandom(3);
        SplittableRandom rb = new SplittableRandom(3);
        for (int i = 0; i < 100; i++) {
            int label = a.sample(ra, fa, 0);
            assertThat(b.sample(rb, fb, 0)).isEqualTo(label);
            assertThat(fa).containsExactly(fb);
            // without noise the radius is (label + 1) / classes
            assertThat(Math.hypot(fa[0], fa[1])).isCloseTo((label + 1) / 3.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void theAugmentationChangesFeaturesButNotLabels() {
        Augmentation noise = Testkit.create(ComponentKind.AUGMENTATION, "${pluginId}-noise", "std = 0.5",
                Contexts.augmentation(InputShape.vector(4), 3));
        Batch batch = new Batch(InputShape.vector(4), 3, 8);
        batch.labels()[0] = 2;
        noise.apply(batch, new SplittableRandom(1));
        assertThat(batch.labels()[0]).isEqualTo(2);
        assertThat(batch.features()).isNotEqualTo(new float[batch.features().length]);
    }

    @Test
    void theMetricCountsLabelsOutsideTheTopK() {
        Metric top2 = Testkit.create(ComponentKind.METRIC, "${pluginId}-top-k-error", "", Contexts.metric(3));
        // label 0 is 1st, 2nd and 3rd most probable in the three examples: only the last one is a top-2 error
        float[] p = {0.6f, 0.3f, 0.1f, 0.3f, 0.6f, 0.1f, 0.1f, 0.3f, 0.6f};
        assertThat(top2.compute(p, new int[] {0, 0, 0}, 3, 3)).isEqualTo(1.0 / 3);
        assertThatThrownBy(() -> Testkit.config(ComponentKind.METRIC, "${pluginId}-top-k-error", "kk = 2"))
                .hasMessageContaining("kk");
    }

    @Test
    void theRunListenerAppendsOneLinePerEvaluation() throws Exception {
        RunListener log = Testkit.create(ComponentKind.RUN_LISTENER, "${pluginId}-log", "", Contexts.runListener("e", dir));
        RunId run = new RunId("mlp", 64, 0, "none", World.REAL);
        log.evaluated(run, new Evaluation(10, 160, 0.1, 0.5, Map.of("error", 0.25), Map.of()));
        log.evaluated(run, new Evaluation(20, 320, 0.1, 1.0, Map.of("error", 0.125), Map.of()));
        assertThat(Files.readAllLines(dir.resolve("evaluations.csv")))
                .containsExactly("mlp-n64-s0-real,10,0.25", "mlp-n64-s0-real,20,0.125");
    }
}
