package io.deepbootstrap.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.config.ConfigValueException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigValuesTest {
    @TempDir
    Path dir;

    /** The user's file, one key per line: line n holds the n-th line given. */
    private Config userFile(String... lines) throws IOException {
        Path file = dir.resolve("exp.conf");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return ConfigFactory.parseFile(file.toFile()).resolve();
    }

    private String at(Config config, int line) {
        return config.origin().filename() + ":" + line;
    }

    @Test
    void anIntegerKeyRefusesAFractionAndNamesTheValuesLine() throws IOException {
        Config c = userFile("a = 1", "width = 50.7");
        assertThatThrownBy(() -> ConfigValues.integer(c, "width"))
                .isInstanceOf(ConfigValueException.class)
                .isInstanceOf(ConfigException.class)
                .hasMessage(at(c, 2) + ": width: expected an integer, found 50.7");
        assertThat(ConfigValues.integer(c, "a")).isEqualTo(1);
    }

    @Test
    void rangeChecksSayWhatWasExpectedAndWhatWasGiven() throws IOException {
        Config c = userFile("zero = 0", "p = 1.5", "n = -3", "x = 2.5");
        assertThatThrownBy(() -> ConfigValues.positiveInt(c, "zero"))
                .hasMessage(at(c, 1) + ": zero: expected an integer >= 1, found 0");
        assertThatThrownBy(() -> ConfigValues.doubleInRange(c, "p", 0, 1))
                .hasMessage(at(c, 2) + ": p: expected a number in [0.0, 1.0], found 1.5");
        assertThatThrownBy(() -> ConfigValues.intInRange(c, "n", 0, 9))
                .hasMessage(at(c, 3) + ": n: expected an integer in 0..9, found -3");
        assertThatThrownBy(() -> ConfigValues.fraction(c, "p")).hasMessageContaining("expected a number in (0, 1], found 1.5");
        assertThat(ConfigValues.positiveDouble(c, "x")).isEqualTo(2.5);
        assertThat(ConfigValues.nonNegativeInt(c, "zero")).isZero();
    }

    @Test
    void aNumberKeyRefusesTextAndInfinity() throws IOException {
        Config c = userFile("lr = fast", "big = 1e400");
        ConfigValueException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigValueException.class,
                () -> ConfigValues.finiteDouble(c, "lr"));
        assertThat(e.key()).isEqualTo("lr");
        assertThat(e.location().toString()).isEqualTo(at(c, 1));
        assertThat(e.problem()).isEqualTo("expected a finite number, found \"fast\"");
        assertThatThrownBy(() -> ConfigValues.finiteDouble(c, "big")).hasMessageStartingWith(at(c, 2) + ": big:");
    }

    @Test
    void aChoiceNamesTheAllowedValues() throws IOException {
        Config c = userFile("pool = median");
        assertThatThrownBy(() -> ConfigValues.choice(c, "pool", "mean", "max"))
                .hasMessage(at(c, 1) + ": pool: expected one of mean, max, found 'median'");
        assertThat(ConfigValues.choice(userFile("pool = max"), "pool", List.of("mean", "max"))).isEqualTo("max");
    }

    @Test
    void aListReportsTheElementAtFaultAtItsOwnLine() throws IOException {
        Config c = userFile("hidden = [", "  64,", "  32.5", "]", "sizes = [4, 0]", "empty = []");
        assertThatThrownBy(() -> ConfigValues.intList(c, "hidden"))
                .hasMessage(at(c, 3) + ": hidden[1]: expected an integer, found 32.5");
        assertThatThrownBy(() -> ConfigValues.positiveInts(c, "sizes", false))
                .hasMessage(at(c, 5) + ": sizes: expected positive integers, found [4, 0]");
        assertThatThrownBy(() -> ConfigValues.positiveInts(c, "empty", false))
                .hasMessage(at(c, 6) + ": empty: expected a non-empty list of positive integers, found []");
        assertThat(ConfigValues.positiveInts(c, "empty", true)).isEmpty();
    }

    @Test
    void aDefaultIsReportedAsTheDefaultOfItsModuleNotAsAFileOfTheUser() throws IOException {
        Path module = Files.createDirectories(dir.resolve("my-plugin/target/classes"));
        Files.writeString(module.resolve("reference.conf"), "depth = -1\n");
        Config defaults = ConfigFactory.parseFile(module.resolve("reference.conf").toFile());
        Config merged = userFile("width = 3").withFallback(defaults);
        assertThatThrownBy(() -> ConfigValues.positiveInt(merged, "depth"))
                .hasMessage("default of my-plugin: depth: expected an integer >= 1, found -1");
        assertThat(ConfigLocation.ofValue(merged, "depth").isDefault()).isTrue();
        assertThat(ConfigLocation.ofValue(merged, "width").isDefault()).isFalse();
    }

    @Test
    void aMissingKeyIsReportedAtItsBlock() throws IOException {
        Config c = userFile("a = 1");
        assertThatThrownBy(() -> ConfigValues.integer(c, "b"))
                .hasMessage(at(c, 1) + ": b: missing; expected an integer");
    }

    @Test
    void stringsBooleansAndCustomProblems() throws IOException {
        Config c = userFile("name = \" \"", "on = yes", "names = [a, b]", "block { x = 1 }");
        assertThatThrownBy(() -> ConfigValues.nonBlank(c, "name"))
                .hasMessage(at(c, 1) + ": name: expected a non-empty value, found an empty string");
        assertThat(ConfigValues.bool(c, "on")).isTrue();
        assertThat(ConfigValues.stringList(c, "names")).containsExactly("a", "b");
        assertThatThrownBy(() -> ConfigValues.string(c, "block")).hasMessageStartingWith(at(c, 4) + ": block: expected a string");
        assertThat(ConfigValues.bad(c, "names", "expected 3 names, found 2"))
                .hasMessage(at(c, 3) + ": names: expected 3 names, found 2");
    }
}
