package io.deepbootstrap.core.plugin;

import io.deepbootstrap.core.registry.ComponentRegistration;
import java.util.ArrayList;
import java.util.List;

/** The text of {@code bootstrap plugins}: each loaded plugin with its components and warnings, then the errors. */
public final class PluginListing {
    private PluginListing() {
    }

    /**
     * @param plugins the result of loading
     * @return lines such as {@code ece 0.1.0 STARTED plugins/ece-plugin-0.1.0.jar (Deep Bootstrap for Java)}
     *     followed by one indented line per component ({@code   metric ece: expected calibration ...}) and
     *     per warning ({@code   warning: ...}), then one line per plugin or component that was not loaded;
     *     a single line saying so when no plugin loaded
     */
    public static List<String> lines(PluginComponents plugins) {
        List<String> lines = new ArrayList<>();
        for (LoadedPlugin plugin : plugins.plugins()) {
            String provider = plugin.provider().isBlank() ? "" : " (" + plugin.provider() + ")";
            lines.add(plugin.id() + " " + plugin.version() + " " + plugin.state() + " " + plugin.file() + provider);
            for (ComponentRegistration component : plugin.components()) {
                lines.add("  " + component.kind().id() + " " + component.name() + ": " + component.factory().description());
            }
            plugin.warnings().forEach(w -> lines.add("  warning: " + w));
        }
        if (plugins.plugins().isEmpty()) {
            lines.add("no plugins loaded");
        }
        for (PluginError error : plugins.errors()) {
            lines.add(error.message());
        }
        return lines;
    }
}
