package io.deepbootstrap.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.core.settings.Architecture;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.testing.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigErrorsTest {
    @TempDir
    Path dir;

    private ConfigError error(String text) throws Exception {
        Path file = dir.resolve("exp.conf");
        Files.writeString(file, text);
        try {
            Harness.settings(file, Map.of());
        } catch (ConfigError e) {
            return e;
        }
        throw new AssertionError("no error for:\n" + text);
    }

    private static final String OK = """
            data { type = blobs }
            architectures = [ { type = softmax } ]
            """;

    @Test
    void validConfigParses() throws Exception {
        Path file = dir.resolve("exp.conf");
        Files.writeString(file, OK);
        ExperimentSettings s = Harness.settings(file, Map.of("training.steps", "77"));
        assertThat(s.training().steps()).isEqualTo(77);
        assertThat(s.data().source().config().getInt("dimension")).isEqualTo(4);
    }

    @Test
    void unknownKeyIsReportedWithFileAndLine() throws Exception {
        ConfigError e = error(OK + "training {\n  stepz = 10\n}\n");
        assertThat(e.getMessage()).contains("exp.conf:4: training.stepz: unknown key; expected one of:")
                .contains("steps");
    }

    @Test
    void wrongTypeIsReportedWithFileAndLine() throws Exception {
        ConfigError e = error(OK + "training.steps = many\n");
        assertThat(e.getMessage()).contains("exp.conf:3: training.steps: expected a number (like the default 1500), found a string \"many\"");
    }

    @Test
    void unknownKeyInsideAComponentBlockNamesTheBlock() throws Exception {
        ConfigError e = error("data { type = blobs, dimenson = 3 }\narchitectures = [ { type = softmax } ]\n");
        // every key allowed there: the source's own and the framework's
        assertThat(e.getMessage()).contains("exp.conf:1: data.dimenson: unknown key; expected one of: "
                + "class-subset, classes, dimension, separation, test-size, train-sizes, type");
    }

    @Test
    void unknownComponentListsKnownNamesAndHintsAtPlugins() throws Exception {
        ConfigError e = error("data { type = blobs }\narchitectures = [\n { type = softmax }\n { type = resnet9 }\n]\n");
        assertThat(e.getMessage()).contains("exp.conf:4: architectures[1].type: unknown architecture type 'resnet9'; known: nan-after, softmax")
                .contains("plugin");
    }

    @Test
    void architectureThreadsMustBeANonNegativeInteger() throws Exception {
        ConfigError e = error("data { type = blobs }\narchitectures = [\n { type = softmax, threads = -1 }\n]\n");
        assertThat(e.getMessage()).contains("exp.conf:3: architectures[0].threads: expected an integer >= 0 (0 = all cores), found -1");
    }

    @Test
    void architectureThreadsDefaultToTrainingThreads() throws Exception {
        Path file = dir.resolve("exp.conf");
        Files.writeString(file, "data { type = blobs }\ntraining.threads = 3\narchitectures = [ { type = softmax }, { type = softmax, threads = 1 } ]\n");
        ExperimentSettings s = Harness.settings(file, Map.of());
        assertThat(s.architectures()).extracting(Architecture::threads).containsExactly(3, 1);
    }

    @Test
    void unknownTopLevelSectionIsReported() throws Exception {
        ConfigError e = error(OK + "trainng { steps = 3 }\n");
        assertThat(e.getMessage()).contains("exp.conf:3: trainng: unknown key");
    }

    @Test
    void badValuesAreReportedTogether() throws Exception {
        ConfigError e = error(OK + "training.steps = 0\ntraining.optimizer.type = rmsprop\nevaluation.convergence = never\n");
        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage()).contains("exp.conf:3: training.steps: expected an integer >= 1, found 0")
                .contains("exp.conf:4: training.optimizer.type: expected sgd or adam, found 'rmsprop'")
                .contains("evaluation.convergence: unknown convergence criterion 'never', expected one of train-error, train-loss");
    }

    @Test
    void commandLineOverrideWithWrongTypeNamesTheOverride() throws Exception {
        Path file = dir.resolve("exp.conf");
        Files.writeString(file, OK);
        assertThatThrownBy(() -> Harness.settings(file, Map.of("training.batch-size", "big")))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("command line -Dtraining.batch-size")
                .hasMessageContaining("training.batch-size: expected a number");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> Harness.settings(dir.resolve("nope.conf"), Map.of()))
                .isInstanceOf(ConfigError.class).hasMessageContaining("nope.conf: configuration file not found");
    }

    @Test
    void syntaxErrorCarriesFileAndLine() throws Exception {
        ConfigError e = error(OK + "training {\n steps = = 3\n");
        assertThat(e.getMessage()).contains("exp.conf: 4");
    }
}
