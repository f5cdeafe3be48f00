package io.deepbootstrap.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system helpers the core's temporary folders share. */
public final class Folders {
    private Folders() {
    }

    /**
     * Deletes a folder and everything under it, deepest entries first; a missing folder is not an error.
     *
     * @param dir the folder
     * @throws IOException if an entry cannot be listed or deleted
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
