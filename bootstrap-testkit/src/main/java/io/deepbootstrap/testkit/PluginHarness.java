package io.deepbootstrap.testkit;

import com.google.inject.Guice;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.CoreModule;
import io.deepbootstrap.core.config.ConfigLoader;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.plugin.BuiltInComponents;
import io.deepbootstrap.core.plugin.LoadedPlugin;
import io.deepbootstrap.core.plugin.PluginComponents;
import io.deepbootstrap.core.plugin.PluginError;
import io.deepbootstrap.core.plugin.PluginSystem;
import io.deepbootstrap.core.registry.ComponentRegistration;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.core.settings.ExperimentSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads a built plugin archive as the application does and runs a tiny experiment with it, in one call:
 *
 * <pre>{@code
 * List<RunResult> runs = PluginHarness.run(PluginHarness.builtArchive(), "evaluation.metrics = [error, loss, ece]", tempDir);
 * }</pre>
 *
 * The archive goes through the application's plugin loader — its own class loader, the boundary check, its
 * {@code META-INF/services} files and {@code reference.conf} — next to the built-in components. The experiment is
 * {@code tiny-experiment.conf} (this package: a gaussian mixture of 3 classes in 8 dimensions, N = 64, an MLP
 * with one hidden layer of 16 units, 40 steps, 3 evaluations, one seed) with the given HOCON merged over it.
 */
public final class PluginHarness {
    /** The system property that names the plugin's built jar (bootstrap-plugin-parent sets it for {@code *IT} tests). */
    public static final String ARCHIVE_PROPERTY = "bootstrap.plugin.archive";
    /** The system property that names the plugin's built zip (bootstrap-plugin-parent sets it for {@code *IT} tests). */
    public static final String ZIP_PROPERTY = "bootstrap.plugin.zip";

    private PluginHarness() {
    }

    /**
     * @return the plugin's jar built by this Maven build ({@code target/<artifactId>-<version>.jar}), as
     *     bootstrap-plugin-parent passes it to the integration tests ({@code *IT} classes, run by {@code mvn verify})
     * @throws IllegalStateException if the property is not set or the file does not exist
     */
    public static Path builtArchive() {
        return property(ARCHIVE_PROPERTY);
    }

    /** @return the plugin's zip built by this Maven build (see {@link #builtArchive()}) */
    public static Path builtZip() {
        return property(ZIP_PROPERTY);
    }

    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: the built plugin archive is known to"
                    + " integration tests (classes named *IT) that bootstrap-plugin-parent runs in `mvn verify`, after `package`");
        }
        Path file = Path.of(value);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(name + " names " + file + ", which does not exist: run `mvn verify`, which"
                    + " builds the archive before the integration tests");
        }
        return file;
    }

    /**
     * Loads the archive and runs the tiny experiment with {@code experiment} merged over it.
     *
     * @param archive the plugin's jar or zip
     * @param experiment HOCON merged over the tiny experiment, e.g. {@code "architectures = [ { type = my-arch } ]"}
     * @param workDirectory an empty folder for the plugins folder and the experiment's output (a test's temporary folder)
     * @return one record per run (the real world for each N and the ideal world), in planned order
     * @throws IllegalStateException if the plugin, or one of its components, does not load (the loader's messages)
     * @throws io.deepbootstrap.core.config.ConfigError if the experiment is invalid
     */
    public static List<RunResult> run(Path archive, String experiment, Path workDirectory) {
        try (Loaded loaded = load(archive, workDirectory)) {
            return loaded.run(experiment);
        }
    }

    /**
     * Loads the archive into a plugins folder under {@code workDirectory}, with the built-in components beside it.
     * The plugin's own factories are left out of the built-ins even when the test's class path holds them (its
     * {@code target/classes}), so that the components registered are the archive's.
     *
     * @param archive the plugin's jar or zip
     * @param workDirectory an empty folder
     * @return the loaded plugin; close it to release its class loader
     * @throws IllegalStateException if the plugin, or one of its components, does not load
     */
    public static Loaded load(Path archive, Path workDirectory) {
        return load(List.of(archive), workDirectory);
    }

    /**
     * Loads several plugin archives together, as one plugins folder (e.g. an architecture plugin and the data source
     * plugin it is tested with); see {@link #load(Path, Path)}.
     *
     * @param archives the plugins' jars or zips, with distinct file names
     * @param workDirectory an empty folder
     * @return the loaded plugins; close them to release their class loaders
     * @throws IllegalStateException if a plugin, or one of its components, does not load
     */
    public static Loaded load(List<Path> archives, Path workDirectory) {
        Path plugins = workDirectory.resolve("plugins");
        Set<String> ownFactories = new HashSet<>();
        for (Path archive : archives) {
            try {
                Files.createDirectories(plugins);
                Files.copy(archive, plugins.resolve(archive.getFileName()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + archive + " into " + plugins + ": " + e.getMessage(), e);
            }
            ownFactories.addAll(ArchiveServices.factoryClasses(archive));
        }
        ClassLoader application = PluginHarness.class.getClassLoader();
        Config defaults = ConfigLoader.defaults(application);
        List<ComponentRegistration> builtIns = BuiltInComponents.discover(new ArchiveServices.Hiding(application, ownFactories), defaults);
        PluginComponents components = PluginSystem.load(List.of(plugins), defaults, builtIns);
        if (!components.errors().isEmpty()) {
            components.close();
            throw new IllegalStateException("plugins " + archives.stream().map(a -> a.getFileName().toString()).toList()
                    + " did not load cleanly:\n  " + components.errors().stream().map(PluginError::message)
                    .collect(Collectors.joining("\n  ")));
        }
        return new Loaded(components, defaults, builtIns, workDirectory);
    }

    /** A plugin loaded by {@link #load}: what it registered, and tiny experiments with it. */
    public static final class Loaded implements AutoCloseable {
        private final PluginComponents plugins;
        private final Config applicationDefaults;
        private final ComponentRegistry registry;
        private final Path workDirectory;

        private Loaded(PluginComponents plugins, Config applicationDefaults, List<ComponentRegistration> builtIns, Path workDirectory) {
            this.plugins = plugins;
            this.applicationDefaults = applicationDefaults;
            this.registry = Guice.createInjector(new CoreModule(applicationDefaults, builtIns, plugins)).getInstance(ComponentRegistry.class);
            this.workDirectory = workDirectory;
        }

        /** @return the loaded plugin (id, version, state, provider, ...); the first one if several were loaded */
        public LoadedPlugin plugin() {
            return plugins.plugins().get(0);
        }

        /** @return every loaded plugin, in loading order (file name) */
        public List<LoadedPlugin> plugins() {
            return plugins.plugins();
        }

        /** @return the component registry of the experiments: the built-ins and the plugins' components */
        public ComponentRegistry registry() {
            return registry;
        }

        /** @return the plugin's components, each with its kind, name and origin */
        public List<ComponentRegistration> registrations() {
            return plugins.registrations();
        }

        /**
         * Runs the tiny experiment with {@code experiment} merged over it; each call writes under its own folder.
         *
         * @param experiment HOCON merged over the tiny experiment
         * @return one record per run, in planned order
         */
        public List<RunResult> run(String experiment) {
            Config tiny = ConfigFactory.parseResources(PluginHarness.class, "tiny-experiment.conf",
                    ConfigParseOptions.defaults().setAllowMissing(false));
            Path output;
            try {
                output = Files.createTempDirectory(workDirectory, "results-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Config user = ConfigFactory.parseString(experiment,
                            ConfigParseOptions.defaults().setOriginDescription("the experiment given to PluginHarness"))
                    .withFallback(tiny)
                    .withValue("experiment.output-dir", ConfigValueFactory.fromAnyRef(output.toString()));
            Config defaults = plugins.defaults().withFallback(applicationDefaults);
            ExperimentSettings settings = ExperimentSettings.parse(user, defaults, ConfigLoader.merge(user, defaults),
                    workDirectory, registry);
            try {
                // the run listeners' folder exists, as the application makes it before the runs
                Files.createDirectories(settings.experiment().outputDirectory());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (ExperimentRunner.Prepared prepared = new ExperimentRunner(registry).prepare(settings)) {
                return prepared.run(new RunListener() { }, soFar -> { }).stream()
                        .map(r -> new RunResult(r.id(), r.status(), r.message(), r.curve())).toList();
            }
        }

        /** Stops the plugin and releases its class loader. */
        @Override
        public void close() {
            plugins.close();
        }
    }
}
