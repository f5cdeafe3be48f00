package io.deepbootstrap.core.plugin;

import io.deepbootstrap.core.ProcessFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The temporary folder unpacked plugins live in, {@code bootstrap-plugins-<pid>-<random>} in the temporary
 * directory: a {@link ProcessFolder}, removed on every exit path (by {@link #close()}, and by a shutdown hook when
 * the JVM ends without closing: exit, SIGTERM, Ctrl-C). Folders left by processes that were killed outright
 * ({@code kill -9}) are recognised by their pid and removed the next time plugins are loaded.
 */
final class PluginTempFolders implements AutoCloseable {
    static final String PREFIX = "bootstrap-plugins-";

    private final Path parent;
    private ProcessFolder root;
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
            root = ProcessFolder.create(parent, PREFIX);
        }
        return Files.createDirectories(root.path().resolve(count++ + "-" + name));
    }

    /** @return this process's folder, or null if none was needed */
    synchronized Path root() {
        return root == null ? null : root.path();
    }

    /**
     * Removes the folders of processes that no longer run (left by {@code kill -9} or a crash), see
     * {@link ProcessFolder#sweepStale}.
     *
     * @return how many folders were removed
     */
    int sweepStale() {
        return ProcessFolder.sweepStale(parent, PREFIX);
    }

    /** Deletes this process's folder and drops the shutdown hook. */
    @Override
    public synchronized void close() {
        if (root != null) {
            root.close();
            root = null;
        }
    }
}
