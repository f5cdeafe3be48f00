package io.deepbootstrap.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A temporary folder owned by this process, {@code <prefix><pid>-<random>} in a parent directory (the unpacked
 * plugins, {@code validate}'s scratch folder). It is removed on every exit path that runs Java code: by
 * {@link #close()}, and by a shutdown hook when the JVM ends without closing it ({@code System.exit}, SIGTERM,
 * Ctrl-C). Folders left by processes killed outright ({@code kill -9}) carry a pid that no longer runs:
 * {@link #sweepStale} removes them the next time a folder of that prefix is needed.
 */
public final class ProcessFolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessFolder.class);

    private final Path path;
    private final Thread hook;
    private boolean closed;

    private ProcessFolder(Path path) {
        this.path = path;
        this.hook = new Thread(() -> delete(path), "delete " + path.getFileName());
    }

    /**
     * Creates the folder and registers its removal at JVM exit.
     *
     * @param parent the directory it is created in
     * @param prefix the start of its name, e.g. {@code bootstrap-validate-}; the pid and a random part follow
     * @return the folder, existing and empty
     * @throws IOException if it cannot be created
     */
    public static ProcessFolder create(Path parent, String prefix) throws IOException {
        ProcessFolder folder = new ProcessFolder(Files.createTempDirectory(parent, prefix + ProcessHandle.current().pid() + "-"));
        Runtime.getRuntime().addShutdownHook(folder.hook);
        return folder;
    }

    /** @return the folder */
    public Path path() {
        return path;
    }

    /**
     * Removes the folders {@code <prefix><pid>-...} of processes that no longer run. Folders of running processes,
     * and entries whose name carries no pid, are left alone. Failures are logged, never thrown: a stale folder is
     * clutter, not an error.
     *
     * @param parent the directory to look in
     * @param prefix the start of the folders' names
     * @return how many folders were removed
     */
    public static int sweepStale(Path parent, String prefix) {
        Pattern name = Pattern.compile(Pattern.quote(prefix) + "(\\d+)-.+");
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, prefix + "*")) {
            for (Path entry : entries) {
                Matcher m = name.matcher(entry.getFileName().toString());
                if (m.matches() && Files.isDirectory(entry) && !alive(m.group(1))) {
                    delete(entry);
                    removed++;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot look for stale folders {}* in {}: {}", prefix, parent, e.getMessage());
        }
        if (removed > 0) {
            LOG.info("removed {} folder(s) {}* left in {} by processes that ended", removed, prefix, parent);
        }
        return removed;
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not ours to judge
        }
    }

    /** Deletes the folder and drops the shutdown hook (once; later calls do nothing). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook deletes the folder
            return;
        }
        delete(path);
    }

    private static void delete(Path dir) {
        try {
            Folders.deleteTree(dir);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete the temporary folder {}: {}", dir, e.getMessage());
        }
    }
}
