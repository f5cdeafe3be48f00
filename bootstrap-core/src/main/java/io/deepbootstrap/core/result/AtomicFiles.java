package io.deepbootstrap.core.result;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes files so that readers only ever see the old content or the complete new content: the data go
 * to a temporary file in the target's directory, which is flushed to disk and then renamed over the
 * target with an atomic move. If writing fails, the temporary file is deleted and the target is left
 * untouched.
 */
public final class AtomicFiles {

    /** Writes a file's content to a stream. */
    @FunctionalInterface
    public interface ContentWriter {
        /**
         * @param out the stream to write to; closing it only flushes it
         * @throws IOException if the content cannot be written
         */
        void write(OutputStream out) throws IOException;
    }

    private static final AtomicLong COUNTER = new AtomicLong();

    private AtomicFiles() {
    }

    /**
     * @param target the file to create or replace; its directory is created if missing
     * @param writer writes the complete content
     * @throws IOException if writing or renaming fails; the target is then unchanged
     */
    public static void write(Path target, ContentWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temp = createTemp(dir, absolute.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
                writer.write(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush(); // the channel stays open until it has been forced to disk
                    }
                });
                out.flush();
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Like {@link Files#createTempFile} but with default permissions (that one makes files 0600). */
    private static Path createTemp(Path dir, String name) throws IOException {
        while (true) {
            Path temp = dir.resolve("." + name + "." + ProcessHandle.current().pid() + "-"
                    + COUNTER.incrementAndGet() + ".tmp");
            try {
                Path created = Files.createFile(temp);
                created.toFile().deleteOnExit(); // an exit while writing (SIGTERM, Ctrl-C) leaves no temporary file
                return created;
            } catch (FileAlreadyExistsException e) {
                // left behind by a crashed process with the same pid: try the next name
            }
        }
    }

    /**
     * @param target the file to create or replace
     * @param content its complete content, written as UTF-8
     * @throws IOException if writing or renaming fails; the target is then unchanged
     */
    public static void writeString(Path target, String content) throws IOException {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }
}
