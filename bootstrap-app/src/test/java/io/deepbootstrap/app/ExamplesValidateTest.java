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
 * the example plugins in the plugins folder as the distribution ships them. One test per file, named after it; the
 * files that read Fashion-MNIST are a separate factory tagged real-data, skipped where the data is not installed
 * (and failing under CI).
 */
class ExamplesValidateTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    static Path plugins;

    /** The files that generate their data: run everywhere. */
    @TestFactory
    Stream<DynamicTest> everyExampleWithGeneratedDataValidates() throws IOException {
        List<Path> files = examples(false);
        assertThat(files).as("examples without real data").anyMatch(p -> p.getFileName().toString().equals("default.conf"));
        return tests(files);
    }

    /** The files that read Fashion-MNIST: tag real-data, skipped with the install hint where it is absent. */
    @FashionMnistData
    @TestFactory
    Stream<DynamicTest> everyExampleWithRealDataValidates() throws IOException {
        List<Path> files = examples(true);
        assertThat(files).as("examples with real data").anyMatch(p -> p.getFileName().toString().equals("fashion-mnist.conf"));
        return tests(files);
    }

    private static List<Path> examples(boolean realData) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
        }
        assertThat(files).as("experiment files in %s", EXAMPLES.toAbsolutePath().normalize()).isNotEmpty();
        List<Path> selected = new java.util.ArrayList<>();
        for (Path file : files) {
            if (Files.readString(file).contains("fashion-mnist") == realData) {
                selected.add(file);
            }
        }
        return selected;
    }

    private static Stream<DynamicTest> tests(List<Path> files) throws IOException {
        Path dir = Files.createTempDirectory(plugins, "plugins-");
        ExamplePlugins.copyTo(dir);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> validate(file, dir)));
    }

    private static void validate(Path file, Path pluginsDir) {
        CliRunner.Result r = CliRunner.run("validate", file.toString(), "--plugins", pluginsDir.toString());
        assertThat(r.exitCode()).as("`bootstrap validate %s` exit code; its output:%n%s%s", file, r.out(), r.err())
                .isZero();
        assertThat(r.out()).as("`bootstrap validate %s` lists the planned runs", file).contains("results would go to");
    }
}
