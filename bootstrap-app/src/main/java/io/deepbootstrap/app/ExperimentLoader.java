package io.deepbootstrap.app;

import com.typesafe.config.Config;
import io.deepbootstrap.core.config.ConfigLoader;
import io.deepbootstrap.core.experiment.ExperimentSettings;
import java.nio.file.Path;
import java.util.List;

/** Loads and validates an experiment configuration with the application's components. */
final class ExperimentLoader {
    private ExperimentLoader() {
    }

    /**
     * @param file the configuration file, or null for the default experiment
     * @param options overrides and plugin folder
     * @return the wired application and the validated settings
     */
    static Loaded load(Path file, ConfigOptions options) {
        ConfigLoader.UserConfig user = ConfigLoader.loadUser(file, options.overrides);
        Application app = Application.create(List.of(), com.typesafe.config.ConfigFactory.empty());
        Config merged = ConfigLoader.merge(user.user(), app.defaults());
        ExperimentSettings settings = ExperimentSettings.parse(user.user(), app.defaults(), merged, user.baseDirectory(), app.registry());
        return new Loaded(app, settings);
    }

    /** @param app the application @param settings the experiment */
    record Loaded(Application app, ExperimentSettings settings) {
    }
}
