package io.deepbootstrap.data.array;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongPredicate;

/**
 * Files derived from a data file and kept in a cache directory (an inflated archive member, a decompressed
 * {@code .gz}): written once, atomically ({@link PendingFile}), and reused while the source file keeps its
 * absolute path, size and modification time (they key the cached file's name). Several processes may fill
 * the same cache at once: each writes its own temporary file, every rename installs a complete file.
 */
public final class DerivedFiles {
    private DerivedFiles() {
    }

    /** Writes the derived content. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out where the content goes; write failures surface as {@link DataFileException}s naming the
         *     cached file
         * @throws IOException if reading the source fails (the caller names the source in its message)
         */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Returns the cached file for a part of a source file, writing it first if it is missing or fails the
     * size check.
     *
     * @param cacheDir the cache directory (created if missing)
     * @param source the file the content derives from
     * @param part which content of the source (e.g. an archive member's name), part of the key
     * @param name readable start of the cached file's name, e.g. {@code train-images-idx3-ubyte}
     * @param reusable accepts the size of an existing cached file (a partial file never appears under the
     *     final name; this guards against a cache edited by hand)
     * @param content writes the content when the cache has none
     * @return the cached file
     * @throws IOException if reading the source fails
     * @throws DataFileException naming the cache directory if the cache cannot be written
     */
    public static Path get(Path cacheDir, Path source, String part, String name, LongPredicate reusable, Content content)
            throws IOException {
        Path abs = source.toAbsolutePath().normalize();
        String key = abs + "\n" + Files.size(abs) + "\n" + Files.getLastModifiedTime(abs).toMillis() + "\n" + part;
        Path target = cacheDir.resolve(name + "-" + hash(key));
        if (Files.isRegularFile(target) && reusable.test(Files.size(target))) {
            return target;
        }
        try (PendingFile f = create(cacheDir, target, source)) {
            content.write(f.stream());
            f.commit();
        }
        return target;
    }

    private static PendingFile create(Path cacheDir, Path target, Path source) {
        try {
            return PendingFile.create(target);
        } catch (DataFileException e) {
            throw new DataFileException(cacheDir.toString(), null, -1, "cannot cache data derived from " + source + " (" + e.getMessage()
                    + "); set experiment.cache-dir to a writable directory");
        }
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
