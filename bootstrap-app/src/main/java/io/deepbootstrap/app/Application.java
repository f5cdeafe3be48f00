package io.deepbootstrap.app;

import com.google.inject.Guice;
import com.typesafe.config.Config;
import io.deepbootstrap.core.CoreModule;
import io.deepbootstrap.core.config.ConfigLoader;
import io.deepbootstrap.core.plugin.BuiltInComponents;
import io.deepbootstrap.core.plugin.PluginComponents;
import io.deepbootstrap.core.plugin.PluginSystem;
import io.deepbootstrap.core.registry.ComponentRegistration;
import io.deepbootstrap.core.registry.ComponentRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The wired application: the built-in components and the plugins' found the same way (provider-configuration
 * files, see {@link BuiltInComponents} and {@link PluginSystem}), then one Guice injector from which the
 * component registry comes.
 *
 * @param registry every component, built-in and from plugins
 * @param defaults merged reference configuration of the application and its plugins (unresolved)
 * @param plugins the loaded plugins (kept open while their components are used)
 * @param pluginDirs the folders plugins were loaded from, in order
 */
public record Application(ComponentRegistry registry, Config defaults, PluginComponents plugins, List<Path> pluginDirs)
        implements AutoCloseable {

    /** System property naming the folder of plugins bundled with the distribution. */
    public static final String BUNDLED_PLUGINS = "bootstrap.bundled.plugins";

    /**
     * Loads plugins from the bundled folder (if any) and the user's folder, then wires everything.
     * A bad plugin is reported on {@code err} in one line and skipped; the others load. Plugin loggers log
     * at INFO unless the logging configuration says otherwise.
     *
     * @param userPlugins the user's plugins folder (may not exist)
     * @param err where plugin errors are reported
     * @return the application
     */
    public static Application start(Path userPlugins, PrintWriter err) {
        List<Path> dirs = new ArrayList<>();
        String bundled = System.getProperty(BUNDLED_PLUGINS);
        if (bundled != null && !bundled.isBlank()) {
            dirs.add(Path.of(bundled));
        }
        if (userPlugins != null && !dirs.contains(userPlugins.toAbsolutePath().normalize())) {
            dirs.add(userPlugins.toAbsolutePath().normalize());
        }
        return startWith(dirs, err);
    }

    /**
     * Loads plugins from exactly these folders, then wires everything (a sweep engine's worker loads the
     * folders the driver loaded).
     *
     * @param dirs plugin folders, in order (missing ones are skipped)
     * @param err where plugin errors are reported
     * @return the application
     */
    public static Application startWith(List<Path> dirs, PrintWriter err) {
        ClassLoader cl = Application.class.getClassLoader();
        Config appDefaults = ConfigLoader.defaults(cl);
        List<ComponentRegistration> builtIns = BuiltInComponents.discover(cl, appDefaults);
        PluginComponents plugins = PluginSystem.load(dirs, appDefaults, builtIns);
        plugins.errors().forEach(e -> err.println("warning: " + e.message()));
        plugins.plugins().forEach(p -> p.warnings().forEach(w -> err.println("warning: plugin " + p.id() + ": " + w)));
        PluginLogLevels.apply(plugins.plugins());
        ComponentRegistry registry = Guice.createInjector(new CoreModule(builtIns, plugins)).getInstance(ComponentRegistry.class);
        return new Application(registry, plugins.defaults().withFallback(appDefaults), plugins, List.copyOf(dirs));
    }

    /**
     * The user's plugins folder: {@code --plugins} if given, else {@code plugins.dir} of the configuration,
     * relative to the launcher's directory ({@code BOOTSTRAP_LAUNCHER_DIR}, else the working directory).
     *
     * @param option the {@code --plugins} option, or null
     * @param configured {@code plugins.dir} from the configuration
     * @return the folder
     */
    static Path userPluginsDir(Path option, String configured) {
        if (option != null) {
            return option;
        }
        String launcher = System.getenv("BOOTSTRAP_LAUNCHER_DIR");
        Path base = launcher != null && !launcher.isBlank() ? Path.of(launcher) : Path.of("");
        return base.resolve(configured).toAbsolutePath().normalize();
    }

    @Override
    public void close() {
        plugins.close();
    }
}
