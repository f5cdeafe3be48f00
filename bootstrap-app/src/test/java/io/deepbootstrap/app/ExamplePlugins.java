package io.deepbootstrap.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The example plugin archives built earlier in the reactor, dropped into a plugins folder as a user would. */
final class ExamplePlugins {

    /**
     * Copies wide-mlp and ece as jars and teacher in the zip layout (as the distribution ships them) into a folder.
     *
     * @param plugins the plugins folder, which exists
     * @throws IOException if an archive is missing (build the reactor first) or cannot be copied
     */
    static void copyTo(Path plugins) throws IOException {
        for (String name : List.of("ece", "teacher", "wide-mlp")) {
            Path target = Path.of("..", "bootstrap-plugins", name, "target");
            try (Stream<Path> files = Files.list(target)) {
                Path archive = files.filter(p -> p.getFileName().toString().endsWith(
                        name.equals("teacher") ? "-plugin.zip" : "-SNAPSHOT.jar")).findFirst().orElseThrow();
                Files.copy(archive, plugins.resolve(archive.getFileName()));
            }
        }
    }

    private ExamplePlugins() {
    }
}
