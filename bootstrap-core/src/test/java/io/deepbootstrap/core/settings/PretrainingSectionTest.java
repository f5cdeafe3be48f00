package io.deepbootstrap.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.testing.Harness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainingSectionTest {
    @TempDir
    Path dir;

    @Test
    void theDataBlockIsCheckedEvenWhenPretrainingIsOff() {
        assertThatThrownBy(() -> Harness.settings(dir, "pretraining.data { type = blobs, dimensions = 3 }"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:6: pretraining.data.dimensions: unknown key; expected one of: "
                        + "class-subset, classes, dimension, separation, type");
    }

    @Test
    void theDataIsKeptOnlyWhenPretrainingRuns() throws Exception {
        assertThat(Harness.settings(dir, "pretraining.data { type = blobs }").pretraining().data()).isNull();
        PretrainingSection on = Harness.settings(dir, "pretraining { steps = 5, data { type = blobs, dimension = 4 } }").pretraining();
        assertThat(on.steps()).isEqualTo(5);
        assertThat(on.data().type()).isEqualTo("blobs");
    }
}
