package io.deepbootstrap.core.plugin;

import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.core.registry.ProviderFailure;
import java.nio.file.Path;
import java.util.Set;

/**
 * Why a plugin archive, or one component of a plugin, was not loaded. The other plugins (and the plugin's
 * other components) load regardless.
 *
 * @param file the plugin archive
 * @param component null if the whole plugin was refused; else the component's factory class, which alone
 *     was dropped
 * @param reason what is wrong, one line
 * @param declared the components the plugin declares defaults for (keys {@code <kind>/<name>}) that did not
 *     register, so that their later use names this error
 */
public record PluginError(Path file, String component, String reason, Set<String> declared) implements ProviderFailure {

    public PluginError {
        declared = Set.copyOf(declared);
    }

    /** @return true if the whole plugin was refused, false if one component was dropped */
    public boolean wholePlugin() {
        return component == null;
    }

    /**
     * @return e.g. {@code plugin plugins/foo.jar not loaded: corrupt archive (zip END header not found)} or
     *     {@code plugin plugins/foo.jar: component a.B not registered: two providers of metric 'x': ...}
     */
    @Override
    public String message() {
        return wholePlugin() ? "plugin " + file + " not loaded: " + reason
                : "plugin " + file + ": component " + component + " not registered: " + reason;
    }

    @Override
    public boolean declares(ComponentKind kind, String name) {
        return declared.contains(kind.id() + "/" + name);
    }

    @Override
    public String toString() {
        return message();
    }
}
