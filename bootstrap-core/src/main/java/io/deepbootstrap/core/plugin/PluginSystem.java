package io.deepbootstrap.core.plugin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import io.deepbootstrap.core.registry.ComponentRegistration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Loads the plugins of one or more folders, before the application is wired. Every {@code *.jar} and
 * {@code *.zip} file is a plugin (see {@link PluginArchive}); folder by folder, each in file-name order,
 * each plugin goes through
 * <ol>
 *   <li>its archive ({@link PluginArchive}) and descriptor with the API version rule
 *       ({@link PluginDescriptors}, {@link ApiVersionRule});</li>
 *   <li>the boundary check of its classes' references ({@link BoundaryCheck}), before any class is loaded;</li>
 *   <li>PF4J: class loader ({@link IsolatingPluginClassLoader}), dependencies, start;</li>
 *   <li>its components: found in {@code META-INF/services} ({@link ComponentDiscovery}), created and
 *       checked like the built-ins ({@link ComponentRegistrar}), with its {@code reference.conf} holding
 *       their defaults.</li>
 * </ol>
 * A plugin refused at any step gets one {@link PluginError} naming its file and the reason and contributes
 * nothing (not even its defaults); a component refused alone (a name clash, a constructor that throws) is
 * dropped with its own error while the plugin's other components register. The messages are
 * {@link PluginMessages}'; the temporary folders {@link PluginTempFolders}'.
 */
public final class PluginSystem {

    private PluginSystem() {
    }

    /**
     * Loads the plugins of a folder, with no built-in components to check names against.
     *
     * @param dir the plugins folder; a missing folder means no plugins
     * @param appConfig the application's resolved configuration
     * @return what the plugins contributed
     */
    public static PluginComponents load(Path dir, Config appConfig) {
        return load(List.of(dir), appConfig, List.of());
    }

    /**
     * Loads the plugins of several folders (e.g. the plugins bundled with the distribution, then the
     * user's). A plugin id or component name met again in a later folder is an error for the later plugin.
     *
     * @param dirs the plugins folders; missing folders are skipped
     * @param appConfig the application's configuration
     * @param builtIns the built-in components: a plugin component with one of their names is refused
     * @return what the plugins contributed
     * @throws IllegalArgumentException if a folder exists but is not a directory
     */
    public static PluginComponents load(List<Path> dirs, Config appConfig, Collection<ComponentRegistration> builtIns) {
        return load(dirs, appConfig, builtIns, ApiVersion.current(), PluginTempFolders.inSystemTemp());
    }

    /** As {@link #load(List, Config, Collection)} against a given API version and temporary folder (for tests). */
    static PluginComponents load(List<Path> dirs, Config appConfig, Collection<ComponentRegistration> builtIns, String apiVersion,
                                 PluginTempFolders temp) {
        List<Path> files = archives(dirs);
        temp.sweepStale();
        ClassLoader application = PluginSystem.class.getClassLoader();
        BootstrapPluginManager manager = new BootstrapPluginManager(dirs.isEmpty() ? Path.of("plugins") : dirs.get(0), application);
        LoadPass pass = new LoadPass(manager, temp, application, apiVersion, appConfig, builtIns);
        try {
            pass.open(files);
            pass.checkBoundaries();
            pass.startWithPf4j();
            pass.registerComponents();
        } catch (RuntimeException | Error e) {
            pass.close();
            throw e;
        } finally {
            pass.closeArchives();
        }
        Config resolved = pass.config().resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
        return new PluginComponents(pass.registrations(), resolved, pass.defaults(), pass.loaded(), pass.errors(files), pass::close);
    }

    /**
     * Reads a plugin's {@code reference.conf} files through its class loader: its own archive and bundled
     * jars only, never the application's.
     */
    static Config referenceConf(IsolatingPluginClassLoader loader) {
        Config reference = ConfigFactory.empty();
        try {
            for (URL url : loader.ownResources("reference.conf")) {
                reference = reference.withFallback(ConfigFactory.parseURL(url,
                        ConfigParseOptions.defaults().setClassLoader(loader).setAllowMissing(false)));
            }
        } catch (IOException | ConfigException e) {
            throw new BadPluginException("invalid reference.conf: " + PluginMessages.oneLine(e.getMessage()));
        }
        return reference;
    }

    private static List<Path> archives(List<Path> dirs) {
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("plugins folder " + dir + " is not a directory");
            }
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                entries.filter(Files::isRegularFile).filter(PluginSystem::isArchive)
                        .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list plugins folder " + dir + ": " + e.getMessage(), e);
            }
        }
        return files;
    }

    private static boolean isArchive(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jar") || name.endsWith(".zip");
    }
}
