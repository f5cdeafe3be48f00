package io.deepbootstrap.core.plugin;

import java.nio.file.Path;

/**
 * Why one plugin archive was not loaded. The other plugins load regardless.
 *
 * @param file the plugin archive
 * @param reason what is wrong with it, one line
 */
public record PluginError(Path file, String reason) {

    /** @return e.g. {@code plugin plugins/foo.jar not loaded: corrupt archive (zip END header not found)} */
    public String message() {
        return "plugin " + file + " not loaded: " + reason;
    }

    @Override
    public String toString() {
        return message();
    }
}
