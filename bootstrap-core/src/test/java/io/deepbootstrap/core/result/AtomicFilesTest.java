package io.deepbootstrap.core.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void createsDirectoriesAndReplacesContent() throws IOException {
        Path target = dir.resolve("a/b/summary.json");

        AtomicFiles.writeString(target, "first");
        AtomicFiles.writeString(target, "second, longer content");

        assertThat(Files.readString(target)).isEqualTo("second, longer content");
        assertThat(listing(target.getParent())).containsExactly("summary.json");
    }

    @Test
    void failedWriteLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("curves.csv");
        Files.writeString(target, "old,complete\n");

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("new,half-writ".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(Files.readString(target)).isEqualTo("old,complete\n");
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");

        assertThat(Files.readString(target)).isEqualTo("old,complete\n");
        assertThat(listing(dir)).containsExactly("curves.csv");
    }

    @Test
    void uncheckedFailureAlsoLeavesTheTargetMissingIfItDidNotExist() throws IOException {
        Path target = dir.resolve("plot.png");

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new UncheckedIOException(new IOException("encoder broke"));
        })).isInstanceOf(UncheckedIOException.class);

        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void writersMayCloseTheStream() throws IOException {
        Path target = dir.resolve("closed.txt");

        AtomicFiles.write(target, out -> {
            out.write("closed early".getBytes(StandardCharsets.UTF_8));
            out.close();
        });

        assertThat(Files.readString(target)).isEqualTo("closed early");
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
