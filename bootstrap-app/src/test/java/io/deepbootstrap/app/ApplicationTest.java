package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.app.report.ExperimentReport;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.config.ConfigLoader;
import io.deepbootstrap.core.experiment.ExperimentData;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.core.settings.ExperimentSettings;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application's one injector, as the commands use it. */
class ApplicationTest {
    @TempDir
    Path dir;

    private static final PrintWriter QUIET = new PrintWriter(Writer.nullWriter());

    private ConfigLoader.UserConfig experiment(String text) throws Exception {
        Path file = dir.resolve("exp.conf");
        Files.writeString(file, text);
        return ConfigLoader.loadUser(file, Map.of());
    }

    @Test
    void anExperimentIsWiredOnceWithItsDataAndResultWriters() throws Exception {
        ConfigLoader.UserConfig user = experiment("experiment { name = wired, output-dir = \"" + dir.resolve("out") + "\" }\n"
                + "data { type = gaussian-mixture, dimension = 4, classes = 2, train-sizes = [50], test-size = 100 }\n"
                + "training.steps = 20\narchitectures = [ { type = mlp, hidden = [8] } ]\n");
        ExperimentRunner.Prepared prepared;
        try (Application app = Application.start(dir.resolve("plugins"), QUIET, user)) {
            ExperimentSettings settings = app.get(ExperimentSettings.class);
            assertThat(settings.experiment().name()).isEqualTo("wired");
            assertThat(app.get(ExperimentSettings.class)).isSameAs(settings);
            assertThat(app.registry()).isSameAs(app.get(ComponentRegistry.class));
            prepared = app.get(ExperimentRunner.Prepared.class);
            assertThat(app.get(ExperimentRunner.Prepared.class)).isSameAs(prepared);
            assertThat(prepared.data()).isSameAs(app.get(ExperimentData.class).data());
            assertThat(prepared.plannedRuns()).hasSize(2);
            ExperimentReport report = app.get(ExperimentReport.class);
            assertThat(report).isNotNull();
        }
    }

    @Test
    void aConfigurationErrorReachesTheCommandAsSuch() throws Exception {
        ConfigLoader.UserConfig user = experiment("training.stepz = 20\n");
        try (Application app = Application.start(dir.resolve("plugins"), QUIET, user)) {
            assertThatThrownBy(() -> app.get(ExperimentSettings.class)).isInstanceOf(ConfigError.class)
                    .hasMessageContaining("exp.conf:1: training.stepz: unknown key");
            // the application still works without the experiment
            assertThat(app.registry().names(io.deepbootstrap.api.ComponentKind.ARCHITECTURE)).contains("mlp", "cnn");
        }
    }

    @Test
    void withoutAnExperimentThereIsNoExperimentToAskFor() {
        try (Application app = Application.start(dir.resolve("plugins"), QUIET)) {
            assertThat(app.defaults().hasPath("bootstrap.components.architecture.mlp")).isTrue();
            assertThatThrownBy(() -> app.get(ExperimentSettings.class)).isInstanceOf(com.google.inject.ConfigurationException.class);
        }
    }
}
