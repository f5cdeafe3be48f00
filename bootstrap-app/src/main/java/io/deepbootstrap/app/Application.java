package io.deepbootstrap.app;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.typesafe.config.Config;
import io.deepbootstrap.core.Closer;
import io.deepbootstrap.core.CoreModule;
import io.deepbootstrap.core.ExperimentModule;
import io.deepbootstrap.core.ReferenceConfig;
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
 * The wired application, with its one Guice injector. Starting it finds the built-in components and the
 * plugins' the same way (provider-configuration files, see {@link BuiltInComponents} and
 * {@link PluginSystem}), then creates the injector from {@link CoreModule} (defaults, plugins, registry,
 * runner) and, for a command that works on an experiment, {@link ExperimentModule} (settings, data, data
 * cache, prepared experiment) and {@link ResultsModule} (result writers). Commands take what they need
 * with {@link #get}; closing the application closes what the injector opened, then the plugins.
 */
public final class Application implements AutoCloseable {

    /** System property naming the folder of plugins bundled with the distribution. */
    public static final String BUNDLED_PLUGINS = "bootstrap.bundled.plugins";

    private final Injector injector;
    private final PluginComponents plugins;
    private final List<Path> pluginDirs;

    private Application(Injector injector, PluginComponents plugins, List<Path> pluginDirs) {
        this.injector = injector;
        this.plugins = plugins;
        this.pluginDirs = pluginDirs;
    }

    /**
     * Starts the application without an experiment (for {@code list}, {@code plugins}).
     *
     * @param userPlugins the user's plugins folder (may not exist)
     * @param err where plugin errors are reported
     * @return the application
     */
    public static Application start(Path userPlugins, PrintWriter err) {
        return start(userPlugins, err, null);
    }

    /**
     * Loads plugins from the bundled folder (if any) and the user's folder, then wires everything. A bad
     * plugin is reported on {@code err} in one line and skipped; the others load. Plugin loggers log at INFO
     * unless the logging configuration says otherwise.
     *
     * @param userPlugins the user's plugins folder (may not exist)
     * @param err where plugin errors are reported
     * @param experiment the user's experiment configuration, or null for none
     * @return the application
     */
    public static Application start(Path userPlugins, PrintWriter err, ConfigLoader.UserConfig experiment) {
        List<Path> dirs = new ArrayList<>();
        String bundled = System.getProperty(BUNDLED_PLUGINS);
        if (bundled != null && !bundled.isBlank()) {
            dirs.add(Path.of(bundled));
        }
        if (userPlugins != null && !dirs.contains(userPlugins.toAbsolutePath().normalize())) {
            dirs.add(userPlugins.toAbsolutePath().normalize());
        }
        return startWith(dirs, err, experiment);
    }

    /**
     * Loads plugins from exactly these folders, then wires everything (a sweep engine's worker loads the
     * folders the driver loaded).
     *
     * @param dirs plugin folders, in order (missing ones are skipped)
     * @param err where plugin errors are reported
     * @param experiment the user's experiment configuration, or null for none
     * @return the application
     */
    public static Application startWith(List<Path> dirs, PrintWriter err, ConfigLoader.UserConfig experiment) {
        ClassLoader cl = Application.class.getClassLoader();
        Config appDefaults = ConfigLoader.defaults(cl);
        List<ComponentRegistration> builtIns = BuiltInComponents.discover(cl, appDefaults);
        PluginComponents plugins = PluginSystem.load(dirs, appDefaults, builtIns);
        plugins.errors().forEach(e -> err.println("warning: " + e.message()));
        plugins.plugins().forEach(p -> p.warnings().forEach(w -> err.println("warning: plugin " + p.id() + ": " + w)));
        PluginLogLevels.apply(plugins.plugins());
        List<Module> modules = new ArrayList<>(List.of(new CoreModule(appDefaults, builtIns, plugins)));
        if (experiment != null) {
            modules.add(new ExperimentModule(experiment));
            modules.add(new ResultsModule());
        }
        try {
            return new Application(Guice.createInjector(modules), plugins, List.copyOf(dirs));
        } catch (RuntimeException e) {
            plugins.close();
            throw e;
        }
    }

    /**
     * @param type what a command needs, e.g. {@code ExperimentSettings} or {@code ExperimentRunner.Prepared}
     * @param <T> its type
     * @return the injector's instance
     * @throws RuntimeException the exception that providing it threw (e.g. a {@code ConfigError}), not
     *     Guice's wrapper, so that the command line reports it as such
     */
    public <T> T get(Class<T> type) {
        try {
            return injector.getInstance(type);
        } catch (ProvisionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** @return every component, built-in and from plugins */
    public ComponentRegistry registry() {
        return get(ComponentRegistry.class);
    }

    /** @return merged reference configuration of the application and its plugins (unresolved) */
    public Config defaults() {
        return get(ReferenceConfig.class).config();
    }

    /** @return the loaded plugins (kept open while their components are used) */
    public PluginComponents plugins() {
        return plugins;
    }

    /** @return the folders plugins were loaded from, in order */
    public List<Path> pluginDirs() {
        return pluginDirs;
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

    /** Closes what the injector opened (prepared experiment, data sources), then the plugins. */
    @Override
    public void close() {
        try {
            injector.getInstance(Closer.class).close();
        } finally {
            plugins.close();
        }
    }
}
