package io.deepbootstrap.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void anEmptyOrCommentsOnlyFileIsAnError() throws Exception {
        for (String text : new String[] {"", "\n\n", "# just a comment\n// and another\n"}) {
            Path file = write("empty.conf", text);
            assertThatThrownBy(() -> ConfigLoader.loadUser(file, Map.of()))
                    .isInstanceOf(ConfigError.class)
                    .hasMessage(file + ": the configuration file is empty (no keys, only comments or blank lines); "
                            + "write the keys to change, or run without a file for the default experiment");
        }
    }

    @Test
    void noFileIsTheDefaultExperiment() {
        assertThat(ConfigLoader.loadUser(null, Map.of()).user().isEmpty()).isTrue();
    }

    @Test
    void aDirectoryIsNamedAsADirectory() {
        assertThatThrownBy(() -> ConfigLoader.loadUser(dir, Map.of()))
                .isInstanceOf(ConfigError.class)
                .hasMessage(dir + ": is a directory; expected a HOCON experiment file (such as examples/default.conf)");
    }

    @Test
    void aMissingFileIsNamedWithItsAbsolutePath() {
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("nope.conf"));
        assertThatThrownBy(() -> ConfigLoader.loadUser(relative, Map.of()))
                .isInstanceOf(ConfigError.class)
                .hasMessage(dir.resolve("nope.conf") + ": configuration file not found");
    }

    @Test
    void includesAreFoundNextToTheIncludingFileEvenWhenItsPathIsRelative() throws Exception {
        write("parts/steps.conf", "training.steps = 12\ninclude required(\"more.conf\")\n");
        write("parts/more.conf", "training.batch-size = 3\n");
        Path main = write("main.conf", "include required(\"parts/steps.conf\")\n");
        Path relative = Path.of("").toAbsolutePath().relativize(main);
        var user = ConfigLoader.loadUser(relative, Map.of()).user();
        assertThat(user.getInt("training.steps")).isEqualTo(12);
        assertThat(user.getInt("training.batch-size")).isEqualTo(3);
    }

    @Test
    void aMissingRequiredIncludeNamesThePathItWasLookedFor() throws Exception {
        Path main = write("main.conf", "training.steps = 1\ninclude required(\"sub/nope.conf\")\n");
        assertThatThrownBy(() -> ConfigLoader.loadUser(main, Map.of()))
                .isInstanceOf(ConfigError.class)
                .hasMessage(main + ": include required(\"sub/nope.conf\"): not found: " + dir.resolve("sub/nope.conf"));
    }

    @Test
    void aMissingIncludeInsideAnIncludedFileIsLookedForNextToThatFile() throws Exception {
        write("parts/inc.conf", "include required(\"nope2.conf\")\n");
        Path main = write("main.conf", "include required(\"parts/inc.conf\")\n");
        assertThatThrownBy(() -> ConfigLoader.loadUser(main, Map.of()))
                .isInstanceOf(ConfigError.class)
                .hasMessage(main + ": include required(\"nope2.conf\"): not found: " + dir.resolve("parts/nope2.conf"));
    }

    @Test
    void aMissingAbsoluteIncludeIsNotCalledAClassPathResource() throws Exception {
        Path missing = dir.resolve("elsewhere/abs.conf");
        Path main = write("main.conf", "include required(\"" + missing + "\")\n");
        assertThatThrownBy(() -> ConfigLoader.loadUser(main, Map.of()))
                .isInstanceOf(ConfigError.class)
                .hasMessage(main + ": include required(\"" + missing + "\"): not found: " + missing)
                .hasMessageNotContaining("classpath");
    }

    @Test
    void anOptionalIncludeThatIsMissingIsSkipped() throws Exception {
        Path main = write("main.conf", "include \"nope.conf\"\ntraining.steps = 5\n");
        assertThat(ConfigLoader.loadUser(main, Map.of()).user().getInt("training.steps")).isEqualTo(5);
    }
}
