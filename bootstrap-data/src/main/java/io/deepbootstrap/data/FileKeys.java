package io.deepbootstrap.data;

import com.typesafe.config.Config;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.data.array.DataFileException;
import io.deepbootstrap.data.array.DataFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves the paths of data files and folders named by configuration keys and checks that they can be
 * read, so that a path that does not exist, has the wrong kind or may not be read is reported against the
 * key that named it (with the key's origin, file:line) rather than as an I/O error deep in a loader.
 */
public final class FileKeys {
    private FileKeys() {
    }

    /**
     * @param config a component config
     * @param key a key holding the path of a data file
     * @param context resolves the path
     * @return the resolved path of a readable regular file
     * @throws io.deepbootstrap.api.config.ConfigValueException naming the key if the value is empty, or the path does not exist,
     *     is a directory or cannot be opened for reading (the message names the path and the reason)
     */
    public static Path file(Config config, String key, DataContext context) {
        Path path = requiredPath(config, key, context);
        try (FileChannel ignored = DataFiles.openForReading(path)) {
            return path;
        } catch (DataFileException e) {
            throw ConfigValues.bad(config, key, e.getMessage());
        } catch (IOException e) {
            return path; // closing a file we only opened: nothing was lost
        }
    }

    /**
     * @param config a component config
     * @param key a key holding the path of a data folder
     * @param context resolves the path
     * @return the resolved path of a folder that can be listed
     * @throws io.deepbootstrap.api.config.ConfigValueException naming the key if the value is empty, or the path does not exist,
     *     is not a directory or cannot be listed
     */
    public static Path directory(Config config, String key, DataContext context) {
        Path path = requiredPath(config, key, context);
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw ConfigValues.bad(config, key, path + ": is a file, expected a directory");
        }
        try (DirectoryStream<Path> ignored = Files.newDirectoryStream(path)) {
            return path;
        } catch (IOException e) {
            throw ConfigValues.bad(config, key, DataFileException.io(path, null, "cannot list", e).getMessage());
        }
    }

    private static Path requiredPath(Config config, String key, DataContext context) {
        String value = ConfigValues.string(config, key);
        if (value.isBlank()) {
            throw ConfigValues.bad(config, key, "a path is required, got an empty string");
        }
        return context.resolve(value);
    }
}
