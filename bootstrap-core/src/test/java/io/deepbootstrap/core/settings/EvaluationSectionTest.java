package io.deepbootstrap.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.testing.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationSectionTest {
    @TempDir
    Path dir;

    @Test
    void nullBatchSizeIsTheTrainingBatchSize() throws Exception {
        ExperimentSettings s = Harness.settings(dir, "training.batch-size = 128\nevaluation.batch-size = null");
        assertThat(s.evaluation().batchSize()).isEqualTo(128);
        assertThat(s.resolved().getInt("evaluation.batch-size")).as("config.conf records the size that applied").isEqualTo(128);
    }

    @Test
    void nullBatchSizeIsAtLeast64() throws Exception {
        ExperimentSettings s = Harness.settings(dir, "training.batch-size = 8\nevaluation.batch-size = null");
        assertThat(s.evaluation().batchSize()).isEqualTo(EvaluationSection.MIN_DEFAULT_BATCH_SIZE).isEqualTo(64);
    }

    @Test
    void byDefaultEvaluationUsesTheTrainingBatchSize() throws Exception {
        Path file = dir.resolve("experiment.conf");
        Files.writeString(file, """
                experiment { name = test, output-dir = "%s" }
                data { type = blobs, train-sizes = [40], test-size = 300 }
                training { steps = 20, batch-size = 100 }
                architectures = [ { type = softmax } ]
                """.formatted(dir.resolve("out").toString().replace("\\", "/")));
        assertThat(Harness.settings(file, Map.of()).evaluation().batchSize()).isEqualTo(100);
    }

    @Test
    void anExplicitBatchSizeIsKept() throws Exception {
        ExperimentSettings s = Harness.settings(dir, "training.batch-size = 32\nevaluation.batch-size = 256");
        assertThat(s.evaluation().batchSize()).isEqualTo(256);
        assertThat(s.resolved().getInt("evaluation.batch-size")).isEqualTo(256);
    }

    @Test
    void aBadBatchSizeNamesTheKey() {
        assertThatThrownBy(() -> Harness.settings(dir, "evaluation.batch-size = 0"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("evaluation.batch-size: expected an integer >= 1, found 0");
    }
}
