package io.deepbootstrap.core.plugin;

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
 * The temporary folder unpacked plugins live in, {@code bootstrap-plugins-<pid>-<random>} in the temporary
 * directory. It is removed on every exit path: by {@link #close()}, and by a shutdown hook when the JVM
 * ends without closing (exit, SIGTERM, Ctrl-C). Folders left by processes that were killed outright
 * ({@code kill -9}) are recognised by their pid and removed the next time plugins are loaded.
 */
final class PluginTempFolders implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginTempFolders.class);
    static final String PREFIX = "bootstrap-plugins-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.+");

    private final Path parent;
    private Path root;
    private Thread hook;
    private int count;

    /** @param parent the directory the folder is created in (the system's temporary directory by default) */
    PluginTempFolders(Path parent) {
        this.parent = parent;
    }

    /** @return folders in the system's temporary directory */
    static PluginTempFolders inSystemTemp() {
        return new PluginTempFolders(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * A new empty folder for one plugin, inside this process's temporary folder (created on first use).
     *
     * @param name a readable name (the archive's)
     * @return the folder
     * @throws IOException if it cannot be created
     */
    synchronized Path newFolder(String name) throws IOException {
        if (root == null) {
            root = Files.createTempDirectory(parent, PREFIX + ProcessHandle.current().pid() + "-");
            Path created = root;
            hook = new Thread(() -> delete(created), "delete " + created.getFileName());
            Runtime.getRuntime().addShutdownHook(hook);
        }
        return Files.createDirectories(root.resolve(count++ + "-" + name));
    }

    /** @return this process's folder, or null if none was needed */
    synchronized Path root() {
        return root;
    }

    /**
     * Removes the folders of processes that no longer run (left by {@code kill -9} or a crash). Folders of
     * running processes, and folders whose name carries no pid, are left alone.
     *
     * @return how many folders were removed
     */
    int sweepStale() {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path entry : entries) {
                Matcher m = NAME.matcher(entry.getFileName().toString());
                if (m.matches() && Files.isDirectory(entry) && !alive(m.group(1))) {
                    delete(entry);
                    removed++;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot look for stale plugin folders in {}: {}", parent, e.getMessage());
        }
        if (removed > 0) {
            LOG.info("removed {} plugin folder(s) left in {} by processes that ended", removed, parent);
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

    /** Deletes this process's folder and drops the shutdown hook. */
    @Override
    public synchronized void close() {
        if (root == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook deletes the folder
        }
        delete(root);
        root = null;
    }

    private static void delete(Path dir) {
        try {
            io.deepbootstrap.core.Folders.deleteTree(dir);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete plugin folder {}: {}", dir, e.getMessage());
        }
    }
}
