package io.deepbootstrap.app;

import io.deepbootstrap.core.config.ConfigLoader;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.settings.OutputFolder;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Loads and validates an experiment configuration with the application's components and plugins. */
final class ExperimentLoader {
    private ExperimentLoader() {
    }

    /**
     * @param file the configuration file, or null for the default experiment
     * @param options overrides and plugin folder
     * @param err where plugin warnings go
     * @return the wired application (to be closed) and the validated settings
     */
    static Loaded load(Path file, ConfigOptions options, PrintWriter err) {
        ConfigLoader.UserConfig user = ConfigLoader.loadUser(file, options.overrides);
        String configuredDir = ConfigLoader.earlyString(user.user(),
                ConfigLoader.defaults(ExperimentLoader.class.getClassLoader()), "plugins.dir");
        Application app = Application.start(Application.userPluginsDir(options.pluginsDir, configuredDir), err, user);
        try {
            return new Loaded(app, app.get(ExperimentSettings.class));
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    /**
     * {@link #load}, then checks that the results folder can be created and written (before any training).
     *
     * @param file the configuration file, or null for the default experiment
     * @param options overrides and plugin folder
     * @param err where plugin warnings go
     * @return the wired application (to be closed) and the validated settings
     */
    static Loaded loadForResults(Path file, ConfigOptions options, PrintWriter err) {
        Loaded loaded = load(file, options, err);
        try {
            OutputFolder.check(loaded.settings());
            return loaded;
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /** @param app the application @param settings the experiment */
    record Loaded(Application app, ExperimentSettings settings) implements AutoCloseable {
        @Override
        public void close() {
            app.close();
        }
    }
}
