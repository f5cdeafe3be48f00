package io.deepbootstrap.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.testing.Harness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchitectureTest {
    @TempDir
    Path dir;

    @Test
    void repeatedTypesGetNumberedLabels() throws Exception {
        ExperimentSettings s = Harness.settings(dir, "architectures = [ softmax, { type = softmax }, { type = softmax, name = b } ]");
        assertThat(s.architectures()).extracting(Architecture::label).containsExactly("softmax", "softmax-2", "b");
    }

    @Test
    void labelsThatCollideAfterNumberingAreRefused() {
        assertThatThrownBy(() -> Harness.settings(dir, """
                architectures = [
                  { type = softmax, name = x }
                  { type = softmax, name = x }
                  { type = softmax, name = x-2 }
                ]
                """))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:9: architectures[2]: its label 'x-2' is already the label of architectures[1]");
    }

    @Test
    void anObjectInsteadOfAListIsAConfigurationError() {
        assertThatThrownBy(() -> Harness.settings(dir, "architectures = { type = softmax }"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:6: architectures: expected a list [ ... ] of architecture blocks");
    }
}
