package io.deepbootstrap.data.array;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file being written under a temporary name next to its target ({@code .<name>.<pid>.<random>.tmp}) and
 * renamed over the target only when complete ({@link #commit()}: forced to disk, then an atomic rename).
 * Readers therefore see either the old target or the complete new one, never a half-written file; several
 * processes may write the same target at once (each has its own temporary file, the last rename wins, and
 * a reader that mapped the previous version keeps reading it). {@link #close()} without a commit deletes the
 * temporary file; so does the JVM's exit (a signal) while writing. Temporary files of processes that no longer
 * run (killed while writing) are deleted when the next writer of the same target starts.
 *
 * <pre>{@code
 * try (PendingFile f = PendingFile.create(target)) {
 *     write(f.channel());
 *     f.commit();
 * }
 * }</pre>
 */
public final class PendingFile implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean done;

    private PendingFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    /**
     * Starts writing a file (its directory is created if missing).
     *
     * @param target the file to create or replace
     * @return the pending file, open for writing
     * @throws DataFileException naming the directory or file if it cannot be created
     */
    public static PendingFile create(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        String prefix = "." + abs.getFileName() + ".";
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw DataFileException.io(dir, null, "cannot create the directory", e);
        }
        removeStale(dir, prefix);
        long pid = ProcessHandle.current().pid();
        Path temp = dir.resolve(prefix + pid + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
            temp.toFile().deleteOnExit(); // an exit while writing (SIGTERM, Ctrl-C) leaves no temporary file
            return new PendingFile(abs, temp, channel);
        } catch (IOException e) {
            throw DataFileException.io(abs, null, "cannot write", e);
        }
    }

    /** Deletes {@code <prefix><pid>.<random>.tmp} files whose process is gone (best effort). */
    private static void removeStale(Path dir, String prefix) {
        DirectoryStream.Filter<Path> ours = p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".tmp");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ours)) {
            for (Path p : ds) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dot = rest.indexOf('.');
                try {
                    long pid = Long.parseLong(rest.substring(0, Math.max(dot, 0)));
                    if (ProcessHandle.of(pid).isEmpty()) {
                        Files.deleteIfExists(p);
                    }
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        } catch (IOException e) {
            // stale files are clutter, not an error
        }
    }

    /** @return the file this will become */
    public Path target() {
        return target;
    }

    /** @return the temporary file being written (for messages) */
    public Path temp() {
        return temp;
    }

    /** @return the open channel (positional writes and reads allowed); do not close it */
    public FileChannel channel() {
        return channel;
    }

    /**
     * @return a stream appending at the channel's position; a failed write throws a {@link DataFileException}
     *     naming the target (e.g. a full disk); closing the stream does nothing
     */
    public OutputStream stream() {
        OutputStream out = Channels.newOutputStream(channel);
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw DataFileException.io(target, null, "cannot write", e);
                }
            }
        };
    }

    /**
     * Forces the content to disk and renames the temporary file over the target, atomically.
     *
     * @throws DataFileException naming the target if that fails (the temporary file is then deleted)
     */
    public void commit() {
        if (done) {
            throw new IllegalStateException(target + " was already committed or abandoned");
        }
        try {
            channel.force(true);
            channel.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } catch (IOException e) {
            close();
            throw DataFileException.io(target, null, "cannot write", e);
        }
    }

    /** Abandons the file unless it was committed: closes the channel and deletes the temporary file. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.close();
        } catch (IOException e) {
            // closing a channel we only wrote to: nothing to save
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // the stale-file sweep of the next writer removes it
        }
    }
}
