package io.deepbootstrap.core.plugin;

import io.deepbootstrap.core.registry.ComponentRegistration;
import java.util.ArrayList;
import java.util.List;

/** The text of {@code bootstrap plugins}: each loaded plugin with its components, then the errors. */
public final class PluginListing {
    private PluginListing() {
    }

    /**
     * @param plugins the result of loading
     * @return lines such as {@code ece 0.1.0 STARTED plugins/ece-plugin-0.1.0.jar (Deep Bootstrap for Java)}
     *     followed by one indented line per component ({@code   metric ece: expected calibration ...}),
     *     then one line per plugin that was not loaded; a single line saying so when there are none
     */
    public static List<String> lines(PluginComponents plugins) {
        List<String> lines = new ArrayList<>();
        for (LoadedPlugin plugin : plugins.plugins()) {
            String provider = plugin.provider().isBlank() ? "" : " (" + plugin.provider() + ")";
            lines.add(plugin.id() + " " + plugin.version() + " " + plugin.state() + " " + plugin.file() + provider);
            for (ComponentRegistration component : plugin.components()) {
                lines.add("  " + component.kind().id() + " " + component.name() + ": " + component.factory().description());
            }
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
