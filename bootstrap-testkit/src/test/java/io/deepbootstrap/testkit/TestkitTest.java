package io.deepbootstrap.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.metric.Metric;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.core.config.ConfigError;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configurations and contexts as the framework makes them, for the built-ins and the sample plugin's metric. */
class TestkitTest {
    @TempDir
    Path dir;

    @Test
    void configMergesTheOverridesOverTheComponentsDefaults() {
        Config mlp = Testkit.config(ComponentKind.ARCHITECTURE, "mlp", "hidden = [8]");
        assertThat(mlp.getIntList("hidden")).containsExactly(8);
        assertThat(mlp.hasPath("type")).isFalse();
        Config share = Testkit.config(ComponentKind.METRIC, "label-share", "");
        assertThat(share.getInt("label")).isZero();
    }

    @Test
    void configRejectsWhatTheFrameworkRejects() {
        assertThatThrownBy(() -> Testkit.config(ComponentKind.METRIC, "label-share", "lable = 1"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("lable");
        assertThatThrownBy(() -> Testkit.config(ComponentKind.METRIC, "label-share", "label = one"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("label");
        assertThatThrownBy(() -> Testkit.config(ComponentKind.METRIC, "no-such-metric", ""))
                .isInstanceOf(ConfigError.class).hasMessageContaining("no-such-metric").hasMessageContaining("label-share");
    }

    @Test
    void createCallsTheRegisteredFactoryWithTheContext() {
        Metric share = Testkit.create(ComponentKind.METRIC, "label-share", "label = 1", Contexts.metric(3));
        assertThat(share.compute(new float[12], new int[] {1, 0, 1, 2}, 4, 3)).isEqualTo(0.5);
        assertThatThrownBy(() -> Testkit.create(ComponentKind.METRIC, "label-share", "label = 3", Contexts.metric(3)))
                .hasMessageContaining("expected a label in [0, 3), got 3");
    }

    @Test
    void theArchitectureContextBuildsNetworksWithItsShapeAndSeed() {
        InputShape shape = InputShape.vector(5);
        try (Network a = Testkit.create(ComponentKind.ARCHITECTURE, "mlp", "hidden = [4]", Contexts.architecture(shape, 3));
             Network b = Testkit.create(ComponentKind.ARCHITECTURE, "mlp", "hidden = [4]", Contexts.architecture(shape, 3))) {
            assertThat(a.parameterCount()).isEqualTo(5 * 4 + 4 + 4 * 3 + 3);
            assertThat(a.parameters().values()).isEqualTo(b.parameters().values());
        }
        assertThat(Contexts.architecture(shape, 3).nativeThreads()).isEqualTo(1);
        assertThat(Contexts.architecture(shape, 3).weightSeed()).isEqualTo(Contexts.DEFAULT_WEIGHT_SEED);
    }

    @Test
    void theDataContextResolvesPathsAndNestedSources() {
        DataContext data = Contexts.data(dir);
        assertThat(data.resolve("train.npz")).isEqualTo(dir.resolve("train.npz"));
        assertThat(data.resolve("/abs/x.npz")).isEqualTo(Path.of("/abs/x.npz"));
        assertThat(data.cacheDirectory()).isEqualTo(dir.resolve("cache"));
        DataSource mixture = data.createDataSource(com.typesafe.config.ConfigFactory.parseString(
                "type = gaussian-mixture, classes = 4, dimension = 6"));
        assertThat(mixture.numClasses()).isEqualTo(4);
        assertThat(mixture.inputShape()).isEqualTo(InputShape.vector(6));
        assertThat(Contexts.runListener("e", dir).outputDirectory()).isEqualTo(dir);
        assertThat(Contexts.augmentation(InputShape.vector(2), 2).numClasses()).isEqualTo(2);
    }
}
