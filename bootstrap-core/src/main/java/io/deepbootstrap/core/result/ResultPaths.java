package io.deepbootstrap.core.result;

import java.nio.file.Path;

/**
 * The last check before a file named after the configuration (a run label, an architecture name) is written:
 * its path, resolved, must be a direct child of the folder it belongs in. Names are validated when the
 * configuration is read ({@link io.deepbootstrap.core.settings.SafeNames}); this check makes sure no other
 * way (a plugin-supplied name, a future caller) writes outside the results folder.
 */
public final class ResultPaths {
    private ResultPaths() {
    }

    /**
     * @param folder the folder the file belongs in
     * @param fileName the file's name
     * @return {@code folder/fileName}
     * @throws IllegalArgumentException if that is not a direct child of {@code folder} (a separator, {@code .} or
     *     {@code ..} in the name, an absolute name)
     */
    public static Path child(Path folder, String fileName) {
        Path base = folder.toAbsolutePath().normalize();
        Path file = base.resolve(fileName).normalize();
        if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\") || !base.equals(file.getParent())) {
            throw new IllegalArgumentException("refusing to write '" + fileName + "' in " + base
                    + ": the name would put the file outside that folder");
        }
        return folder.resolve(fileName);
    }
}
