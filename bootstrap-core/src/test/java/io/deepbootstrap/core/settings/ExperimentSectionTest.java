package io.deepbootstrap.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.testing.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentSectionTest {
    @TempDir
    Path dir;

    @Test
    void theDocumentedCacheDirWithAnEnvironmentVariableResolves() throws Exception {
        ExperimentSettings s = Harness.settings(dir, "experiment.cache-dir = ${HOME}\"/.cache/deep-bootstrap\"");
        assertThat(s.experiment().cacheDirectory())
                .isEqualTo(Path.of(System.getenv("HOME"), ".cache", "deep-bootstrap").toAbsolutePath().normalize());
    }

    @Test
    void substitutionsMayReferToOtherKeysAndOptionalVariables() throws Exception {
        ExperimentSettings s = Harness.settings(dir, """
                experiment.cache-dir = ${experiment.output-dir}"/cache"
                experiment.cache-dir = ${?BOOTSTRAP_TEST_VARIABLE_THAT_IS_NOT_SET}
                training.batch-size = ${evaluation.points}
                """);
        assertThat(s.experiment().cacheDirectory()).isEqualTo(dir.resolve("out").resolve("cache"));
        assertThat(s.training().batchSize()).isEqualTo(8);
    }

    @Test
    void aSubstitutionOfAnUnknownValueNamesItsLine() {
        assertThatThrownBy(() -> Harness.settings(dir, "experiment.cache-dir = ${NO_SUCH_VARIABLE_FOR_BOOTSTRAP}"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf: 6")
                .hasMessageContaining("NO_SUCH_VARIABLE_FOR_BOOTSTRAP");
    }

    @Test
    void anOutputPathUnderARegularFileIsRefusedWithTheKeysLine() throws Exception {
        Files.writeString(dir.resolve("plain"), "not a folder");
        ExperimentSettings s = Harness.settings(dir, "experiment.output-dir = \"" + dir.resolve("plain/sub") + "\"");
        assertThatThrownBy(() -> OutputFolder.check(s))
                .isInstanceOf(ConfigError.class)
                .hasMessage("%s:6: experiment.output-dir: results go to %s, but %s is a file, not a folder",
                        dir.resolve("experiment.conf"), dir.resolve("plain/sub/test"), dir.resolve("plain"));
    }

    @Test
    void anUnwritableOutputFolderIsRefused() throws Exception {
        // /proc refuses new entries whoever asks (permission bits would not stop root)
        ExperimentSettings s = Harness.settings(dir, "experiment.output-dir = /proc/deep-bootstrap-results");
        assertThatThrownBy(() -> OutputFolder.check(s))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith(dir.resolve("experiment.conf") + ":6: experiment.output-dir: results go to "
                        + "/proc/deep-bootstrap-results/test, but /proc is not writable (");
    }

    @Test
    void aWritableOutputFolderPassesAndNothingIsLeftBehind() throws Exception {
        ExperimentSettings s = Harness.settings(dir, "");
        OutputFolder.check(s);
        assertThat(dir.resolve("out")).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("experiment.conf");
        }
    }

    @Test
    void theDefaultsLocationNamesTheModule() throws Exception {
        ExperimentSettings s = Harness.settings(dir, "");
        assertThat(s.location("training.steps")).isEqualTo(dir.resolve("experiment.conf") + ":3");
        assertThat(s.location("training.threads")).isEqualTo("default of bootstrap-core");
    }
}
