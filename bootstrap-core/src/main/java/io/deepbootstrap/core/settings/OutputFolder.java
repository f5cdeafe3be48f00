package io.deepbootstrap.core.settings;

import io.deepbootstrap.core.config.ConfigError;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks before any training that the results folder ({@code <experiment.output-dir>/<experiment.name>}) can be
 * created and written. The check tries it: it creates a temporary file in the folder (or a temporary folder in its
 * nearest existing parent) and deletes it again at once — permission bits alone do not tell, e.g. for root or on
 * a read-only file system. Nothing else is created; the results folder itself is made by the run.
 */
public final class OutputFolder {
    private OutputFolder() {
    }

    /**
     * @param settings the experiment
     * @throws ConfigError naming {@code experiment.output-dir}, where it was set, the folder and what is wrong
     */
    public static void check(ExperimentSettings settings) {
        Path dir = settings.experiment().outputDirectory();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw error(settings, dir, "none of its parent folders exists");
        }
        if (!Files.isDirectory(existing)) {
            throw error(settings, dir, existing + " is a file, not a folder");
        }
        try {
            if (existing.equals(dir)) {
                Files.delete(Files.createTempFile(dir, ".write-check-", ".tmp"));
            } else {
                Files.delete(Files.createTempDirectory(existing, ".write-check-"));
            }
        } catch (IOException e) {
            throw error(settings, dir, existing + " is not writable (" + reason(e) + ")");
        }
    }

    /**
     * @param settings the experiment
     * @param e the error creating the results folder
     * @return the configuration error to report it as
     */
    public static ConfigError cannotCreate(ExperimentSettings settings, IOException e) {
        return error(settings, settings.experiment().outputDirectory(), "it cannot be created (" + reason(e) + ")");
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "the file system refuses new entries there";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static ConfigError error(ExperimentSettings settings, Path dir, String problem) {
        return new ConfigError(settings.location("experiment.output-dir") + ": experiment.output-dir: results go to "
                + dir + ", but " + problem);
    }
}
