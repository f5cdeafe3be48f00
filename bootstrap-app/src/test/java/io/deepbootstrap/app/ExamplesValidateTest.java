package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.testsupport.FashionMnistData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every experiment file in {@code examples/} passes {@code bootstrap validate} — the command path a user runs, with
 * the example plugins in the plugins folder as the distribution ships them. One test per file, named after it; a
 * file that reads Fashion-MNIST is skipped where the data is not installed (and fails under CI).
 */
class ExamplesValidateTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    static Path plugins;

    @TestFactory
    Stream<DynamicTest> everyExampleValidates() throws IOException {
        ExamplePlugins.copyTo(plugins);
        List<Path> files;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
        }
        assertThat(files).as("experiment files in %s", EXAMPLES.toAbsolutePath().normalize())
                .anyMatch(p -> p.getFileName().toString().equals("default.conf"));
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> validate(file)));
    }

    private static void validate(Path file) throws IOException {
        if (Files.readString(file).contains("fashion-mnist")) {
            FashionMnistData.Present.assumeInstalled();
        }
        CliRunner.Result r = CliRunner.run("validate", file.toString(), "--plugins", plugins.toString());
        assertThat(r.exitCode()).as("`bootstrap validate %s` exit code; its output:%n%s%s", file, r.out(), r.err())
                .isZero();
        assertThat(r.out()).as("`bootstrap validate %s` lists the planned runs", file).contains("results would go to");
    }
}
