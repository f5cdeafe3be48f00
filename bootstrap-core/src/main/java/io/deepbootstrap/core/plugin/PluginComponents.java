package io.deepbootstrap.core.plugin;

import com.typesafe.config.Config;
import io.deepbootstrap.core.registry.ComponentRegistration;
import java.util.List;

/**
 * The result of loading a plugins folder: what the plugins contributed, the configuration with their
 * defaults merged in, and an error for each plugin that could not be loaded. Keep it open while the
 * application runs: closing it stops the plugins and closes their class loaders.
 */
public final class PluginComponents implements AutoCloseable {
    private final List<ComponentRegistration> registrations;
    private final Config config;
    private final Config defaults;
    private final List<LoadedPlugin> plugins;
    private final List<PluginError> errors;
    private final AutoCloseable onClose;

    PluginComponents(List<ComponentRegistration> registrations, Config config, Config defaults,
                     List<LoadedPlugin> plugins, List<PluginError> errors, AutoCloseable onClose) {
        this.registrations = List.copyOf(registrations);
        this.config = config;
        this.defaults = defaults;
        this.plugins = List.copyOf(plugins);
        this.errors = List.copyOf(errors);
        this.onClose = onClose;
    }

    /** @return every component the loaded plugins contributed, each with its plugin id and origin */
    public List<ComponentRegistration> registrations() {
        return registrations;
    }

    /**
     * @return the application's configuration with each loaded plugin's {@code reference.conf} merged
     *     in as a fallback (application and user settings win), resolved as far as it can be
     *     (substitutions that need the user's file are left for the application to resolve)
     */
    public Config config() {
        return config;
    }

    /**
     * @return only the loaded plugins' {@code reference.conf} contents, merged, unresolved: put them
     *     under the application's defaults, e.g. {@code defaults().withFallback(applicationDefaults)}
     */
    public Config defaults() {
        return defaults;
    }

    /** @return the loaded plugins in folder, then file-name order */
    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    /** @return one error per plugin archive that was not loaded, in folder, then file-name order */
    public List<PluginError> errors() {
        return errors;
    }

    /** Stops the plugins, closes their class loaders and deletes unpacked zip plugins. */
    @Override
    public void close() {
        try {
            onClose.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close plugins: " + e.getMessage(), e);
        }
    }
}
