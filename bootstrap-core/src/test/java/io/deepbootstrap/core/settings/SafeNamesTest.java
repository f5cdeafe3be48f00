package io.deepbootstrap.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.result.ResultPaths;
import io.deepbootstrap.core.testing.Harness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names that become file names are refused at validation when they could leave the results folder. */
class SafeNamesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "../../../x", "/abs/x", "a/b", "-rf", ".hidden", "a b", ""})
    void unsafeExperimentNamesAreRefusedWithKeyAndLine(String name) {
        assertThatThrownBy(() -> Harness.settings(dir, "experiment.name = \"" + name + "\"\n"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:6: experiment.name: expected 1 to 100 letters, digits")
                .hasMessageContaining("found '" + name + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "/abs/x", "../../../x", "x/../../y"})
    void unsafeArchitectureNamesAreRefusedWithKeyAndLine(String name) {
        assertThatThrownBy(() -> Harness.settings(dir, "architectures = [ { type = softmax, name = \"" + name + "\" } ]\n"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:6: architectures[0].name: expected 1 to 100 letters")
                .hasMessageContaining("(it names its runs' files)");
    }

    @Test
    void safeNamesPass() throws Exception {
        ExperimentSettings s = Harness.settings(dir, "experiment.name = \"run_2.b+c-1\"\narchitectures = [ { type = softmax, name = \"v1.2_small\" } ]\n");
        assertThat(s.experiment().outputDirectory().getFileName().toString()).isEqualTo("run_2.b+c-1");
        assertThat(s.architectures().get(0).label()).isEqualTo("v1.2_small");
    }

    @Test
    void theFinalCheckRefusesAnyPathOutsideItsFolder() {
        Path folder = dir.resolve("results/x/runs");
        assertThat(ResultPaths.child(folder, "mlp-s0-ideal.json")).isEqualTo(folder.resolve("mlp-s0-ideal.json"));
        for (String bad : new String[] {"../x.json", "/abs/x.json", "..", ".", "a/b.json", ""}) {
            assertThatThrownBy(() -> ResultPaths.child(folder, bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("outside that folder");
        }
    }
}
