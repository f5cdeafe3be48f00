package io.deepbootstrap.core.plugin;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import io.deepbootstrap.api.ComponentFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.core.registry.ComponentRegistration;
import io.deepbootstrap.core.registry.DuplicateComponentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.pf4j.CompoundPluginDescriptorFinder;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.PropertiesPluginDescriptorFinder;
import org.pf4j.VersionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugins of a folder with PF4J, before the application's main injector is built.
 *
 * <p>Every {@code *.jar} and {@code *.zip} file in the folder is a plugin: a jar holds the plugin's
 * classes; a zip holds {@code classes/} and {@code lib/*.jar} (the libraries it bundles) and is unpacked
 * into a temporary directory. A plugin's manifest (or {@code plugin.properties}) names it
 * ({@code Plugin-Id}, {@code Plugin-Version}) and the API version it needs ({@code Plugin-Requires}).
 * Its extensions, listed in {@code META-INF/extensions.idx} by PF4J's annotation processor, must be
 * component factories; each is created once, through Guice. Its {@code reference.conf}, read through its
 * own class loader, holds its components' defaults and is merged into the configuration.
 *
 * <p>A plugin that cannot be loaded gets one {@link PluginError} naming its file and the reason, and
 * contributes nothing (not even its defaults); the other plugins still load. Plugins are processed in
 * file-name order, so when two plugins provide one component name, the later one is rejected.
 */
public final class PluginSystem {
    private static final Logger LOG = LoggerFactory.getLogger(PluginSystem.class);

    private PluginSystem() {
    }

    /**
     * Loads the plugins of a folder, with no built-in components to check names against (a clash with a
     * built-in then fails when the registry is built).
     *
     * @param dir the plugins folder; a missing folder means no plugins
     * @param appConfig the application's resolved configuration
     * @return what the plugins contributed
     */
    public static PluginComponents load(Path dir, Config appConfig) {
        return load(dir, appConfig, List.of());
    }

    /**
     * Loads the plugins of a folder.
     *
     * @param dir the plugins folder; a missing folder means no plugins
     * @param appConfig the application's resolved configuration
     * @param builtIns the built-in components: a plugin that provides one of their names is rejected
     * @return what the plugins contributed
     * @throws IllegalArgumentException if {@code dir} exists but is not a directory
     */
    public static PluginComponents load(Path dir, Config appConfig, Collection<ComponentRegistration> builtIns) {
        return load(dir, appConfig, builtIns, ApiVersion.current());
    }

    /**
     * As {@link #load(Path, Config, Collection)}, against a given API version (for tests).
     *
     * @param dir the plugins folder
     * @param appConfig the application's resolved configuration
     * @param builtIns the built-in components
     * @param apiVersion the API version plugins are checked against
     * @return what the plugins contributed
     */
    static PluginComponents load(Path dir, Config appConfig, Collection<ComponentRegistration> builtIns, String apiVersion) {
        return load(List.of(dir), appConfig, builtIns, apiVersion);
    }

    /**
     * Loads the plugins of several folders (e.g. the plugins bundled with the distribution, then the
     * user's): folder by folder, each in file-name order. A plugin id or component name met again in a
     * later folder is an error for the later plugin.
     *
     * @param dirs the plugins folders; missing folders are skipped
     * @param appConfig the application's configuration
     * @param builtIns the built-in components: a plugin that provides one of their names is rejected
     * @return what the plugins contributed
     * @throws IllegalArgumentException if a folder exists but is not a directory
     */
    public static PluginComponents load(List<Path> dirs, Config appConfig, Collection<ComponentRegistration> builtIns) {
        return load(dirs, appConfig, builtIns, ApiVersion.current());
    }

    static PluginComponents load(List<Path> dirs, Config appConfig, Collection<ComponentRegistration> builtIns, String apiVersion) {
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("plugins folder " + dir + " is not a directory");
            }
            if (!Files.isDirectory(dir)) {
                LOG.debug("no plugins folder {}", dir);
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
        return new Run(dirs.isEmpty() ? Path.of("plugins") : dirs.get(0), appConfig, builtIns, apiVersion).load(files);
    }

    private static boolean isArchive(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jar") || name.endsWith(".zip");
    }

    /** One loading pass. */
    private static final class Run {
        private final Path dir;
        private final Config appConfig;
        private final String apiVersion;
        private final BootstrapPluginManager manager;
        private final Map<String, ComponentRegistration> taken = new HashMap<>();
        private final Map<String, Path> fileOf = new LinkedHashMap<>();
        private final List<PluginError> errors = new ArrayList<>();
        private final List<Path> unpacked = new ArrayList<>();
        private Path tempRoot;

        Run(Path dir, Config appConfig, Collection<ComponentRegistration> builtIns, String apiVersion) {
            this.dir = dir;
            this.appConfig = appConfig;
            this.apiVersion = apiVersion;
            this.manager = new BootstrapPluginManager(dir, apiVersion);
            for (ComponentRegistration registration : builtIns) {
                taken.putIfAbsent(key(registration.kind(), registration.name()), registration);
            }
        }

        PluginComponents load(List<Path> files) {
            for (Path file : files) {
                try {
                    loadArchive(file);
                } catch (BadPlugin e) {
                    reject(file, null, e.getMessage());
                }
            }
            manager.resolve();
            for (Map.Entry<String, Path> entry : List.copyOf(fileOf.entrySet())) {
                PluginWrapper wrapper = manager.getPlugin(entry.getKey());
                if (wrapper != null && wrapper.getPluginState() != PluginState.RESOLVED
                        && wrapper.getPluginState() != PluginState.DISABLED) {
                    reject(entry.getValue(), entry.getKey(), "unresolved: " + describe(wrapper.getFailedException(),
                            "its Plugin-Dependencies are missing or have the wrong version"));
                }
            }
            manager.startPlugins();

            List<ComponentRegistration> registrations = new ArrayList<>();
            List<LoadedPlugin> loaded = new ArrayList<>();
            Config merged = appConfig;
            Config pluginDefaults = ConfigFactory.empty();
            for (Map.Entry<String, Path> entry : List.copyOf(fileOf.entrySet())) {
                String id = entry.getKey();
                Path file = entry.getValue();
                PluginWrapper wrapper = manager.getPlugin(id);
                if (wrapper == null) {
                    continue;
                }
                if (wrapper.getPluginState() == PluginState.DISABLED) {
                    LOG.info("plugin {} ({}) is disabled", id, file);
                    loaded.add(loadedPlugin(wrapper, file, List.of()));
                    continue;
                }
                if (wrapper.getPluginState() != PluginState.STARTED) {
                    reject(file, id, "failed to start: " + describe(wrapper.getFailedException(), "state " + wrapper.getPluginState()));
                    continue;
                }
                try {
                    Config reference = referenceConf(wrapper, file);
                    List<ComponentRegistration> components = components(wrapper, file, reference);
                    for (ComponentRegistration registration : components) {
                        taken.put(key(registration.kind(), registration.name()), registration);
                        LOG.info("plugin {}: registered {}", id, registration.describe());
                    }
                    registrations.addAll(components);
                    merged = merged.withFallback(reference);
                    pluginDefaults = pluginDefaults.withFallback(reference);
                    loaded.add(loadedPlugin(wrapper, file, components));
                } catch (BadPlugin e) {
                    reject(file, id, e.getMessage());
                }
            }
            // substitutions that need the user's file stay for the application to resolve
            Config resolved = merged.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
            errors.sort(Comparator.comparingInt(e -> files.indexOf(e.file())));
            errors.forEach(e -> LOG.error(e.message()));
            return new PluginComponents(registrations, resolved, pluginDefaults, loaded, errors, this::close);
        }

        private void loadArchive(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            Path path = name.endsWith(".zip") ? unzip(file) : checkJar(file);
            PluginDescriptor descriptor = descriptor(path);
            String id = descriptor.getPluginId();
            if (fileOf.containsKey(id)) {
                throw new BadPlugin("plugin id '" + id + "' is already loaded from " + fileOf.get(id));
            }
            checkRequires(descriptor);
            PluginWrapper wrapper;
            try {
                wrapper = manager.load(path);
            } catch (RuntimeException e) {
                throw new BadPlugin("cannot be loaded: " + describe(e, "unknown error"));
            }
            if (wrapper.getPluginState() == PluginState.DISABLED && wrapper.getFailedException() != null) {
                unload(id);
                throw new BadPlugin("invalid: " + describe(wrapper.getFailedException(), "rejected by PF4J"));
            }
            fileOf.put(id, file);
            LOG.debug("loaded plugin {} {} from {}", id, descriptor.getVersion(), file);
        }

        private Path checkJar(Path file) {
            try (ZipFile zip = new ZipFile(file.toFile())) {
                zip.stream().forEach(e -> { });
            } catch (IOException e) {
                throw new BadPlugin("corrupt archive (" + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()) + ")");
            }
            return file;
        }

        private Path unzip(Path file) {
            try {
                if (tempRoot == null) {
                    tempRoot = Files.createTempDirectory("bootstrap-plugins-");
                }
                String base = file.getFileName().toString();
                Path target = tempRoot.resolve(unpacked.size() + "-" + base.substring(0, base.length() - 4));
                Files.createDirectories(target);
                unpacked.add(target);
                try (ZipFile zip = new ZipFile(file.toFile())) {
                    Enumeration<? extends ZipEntry> entries = zip.entries();
                    while (entries.hasMoreElements()) {
                        ZipEntry entry = entries.nextElement();
                        Path out = target.resolve(entry.getName()).normalize();
                        if (!out.startsWith(target)) {
                            throw new BadPlugin("corrupt archive (entry '" + entry.getName() + "' points outside the archive)");
                        }
                        if (entry.isDirectory()) {
                            Files.createDirectories(out);
                        } else {
                            Files.createDirectories(out.getParent());
                            try (InputStream in = zip.getInputStream(entry)) {
                                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                            }
                        }
                    }
                }
                return target;
            } catch (IOException e) {
                throw new BadPlugin("corrupt archive (" + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()) + ")");
            }
        }

        private PluginDescriptor descriptor(Path path) {
            PluginDescriptor descriptor;
            try {
                descriptor = new CompoundPluginDescriptorFinder()
                        .add(new ManifestPluginDescriptorFinder())
                        .add(new PropertiesPluginDescriptorFinder())
                        .find(path);
            } catch (RuntimeException e) {
                throw new BadPlugin("missing or invalid plugin descriptor: no META-INF/MANIFEST.MF with Plugin-Id and "
                        + "Plugin-Version (" + describe(e, "not found") + ")");
            }
            if (descriptor == null || blank(descriptor.getPluginId())) {
                throw new BadPlugin("invalid plugin descriptor: Plugin-Id is missing or empty in META-INF/MANIFEST.MF");
            }
            if (blank(descriptor.getVersion())) {
                throw new BadPlugin("invalid plugin descriptor: Plugin-Version of plugin '" + descriptor.getPluginId()
                        + "' is missing or empty in META-INF/MANIFEST.MF");
            }
            if (!descriptor.getPluginId().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new BadPlugin("invalid plugin descriptor: Plugin-Id '" + descriptor.getPluginId()
                        + "' must be letters, digits, '.', '_' or '-'");
            }
            return descriptor;
        }

        private void checkRequires(PluginDescriptor descriptor) {
            String requires = descriptor.getRequires() == null ? "*" : descriptor.getRequires().trim();
            if (requires.isEmpty() || requires.equals("*")) {
                return;
            }
            String constraint = requires.matches("\\d+\\.\\d+\\.\\d+") ? ">=" + requires : requires;
            VersionManager versions = manager.getVersionManager();
            boolean ok;
            try {
                ok = versions.checkVersionConstraint(apiVersion, constraint);
            } catch (RuntimeException e) {
                throw new BadPlugin("invalid plugin descriptor: Plugin-Requires '" + requires
                        + "' is not a version or version range (" + describe(e, "unparsable") + ")");
            }
            if (!ok) {
                throw new BadPlugin("plugin '" + descriptor.getPluginId() + "' requires API version " + constraint
                        + " (Plugin-Requires: " + requires + ") but this application provides API version " + apiVersion);
            }
        }

        private Config referenceConf(PluginWrapper wrapper, Path file) {
            IsolatingPluginClassLoader loader = (IsolatingPluginClassLoader) wrapper.getPluginClassLoader();
            Config reference = ConfigFactory.empty();
            try {
                // findResources: the plugin's own archive (classes and bundled jars) only, not the application's.
                List<URL> urls = Collections.list(loader.findResources("reference.conf"));
                for (URL url : urls) {
                    reference = reference.withFallback(ConfigFactory.parseURL(url,
                            ConfigParseOptions.defaults().setClassLoader(loader).setAllowMissing(false)));
                }
            } catch (IOException | ConfigException e) {
                throw new BadPlugin("invalid reference.conf: " + oneLine(e.getMessage()));
            }
            return reference;
        }

        private List<ComponentRegistration> components(PluginWrapper wrapper, Path file, Config reference) {
            String id = wrapper.getPluginId();
            Set<String> classNames = new TreeSet<>(manager.getExtensionClassNames(id));
            if (classNames.isEmpty()) {
                throw new BadPlugin("plugin '" + id + "' has no extensions: META-INF/extensions.idx is missing or empty "
                        + "(annotate component factories with @org.pf4j.Extension and compile with PF4J's annotation "
                        + "processor; see docs/plugins.md)");
            }
            ClassLoader loader = wrapper.getPluginClassLoader();
            String origin = "plugin " + id + " (" + file.getFileName() + ")";
            Map<String, ComponentRegistration> own = new HashMap<>();
            List<ComponentRegistration> result = new ArrayList<>();
            for (String className : classNames) {
                Class<?> type;
                try {
                    type = Class.forName(className, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new BadPlugin("extension class " + className + " cannot be loaded: " + describe(e, e.toString()));
                }
                ComponentKind kind = kindOf(type);
                if (kind == null) {
                    throw new BadPlugin("extension class " + className + " implements none of the component factory interfaces ("
                            + String.join(", ", Stream.of(ComponentKind.values()).map(k -> k.factoryType().getSimpleName()).toList())
                            + ")" + sharedHint(type));
                }
                Object instance;
                try {
                    instance = manager.guiceExtensionFactory().create(type);
                } catch (ProvisionException | ConfigurationException | CreationException e) {
                    throw new BadPlugin("extension class " + className + " cannot be created: " + guiceReason(e));
                } catch (RuntimeException | LinkageError e) {
                    throw new BadPlugin("extension class " + className + " cannot be created: " + describe(e, e.toString()));
                }
                ComponentFactory<?, ?> factory = (ComponentFactory<?, ?>) instance;
                String name;
                try {
                    name = factory.name();
                } catch (RuntimeException | LinkageError e) {
                    throw new BadPlugin("extension class " + className + ": name() threw " + describe(e, e.toString()));
                }
                if (name == null || !name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
                    throw new BadPlugin("extension class " + className + ": component name '" + name
                            + "' must be lower-case words joined by hyphens");
                }
                ComponentRegistration registration = new ComponentRegistration(kind, factory, origin, id);
                ComponentRegistration clash = own.containsKey(key(kind, name)) ? own.get(key(kind, name)) : taken.get(key(kind, name));
                if (clash != null) {
                    throw new BadPlugin(new DuplicateComponentException(clash, registration).getMessage());
                }
                String defaults = kind.defaultsPath(name);
                if (!reference.hasPath(defaults) && !appConfig.hasPath(defaults)) {
                    throw new BadPlugin(kind.id() + " '" + name + "' (" + className + ") has no defaults: its reference.conf "
                            + "must hold an object at " + defaults + " with every key it accepts");
                }
                own.put(key(kind, name), registration);
                result.add(registration);
            }
            return result;
        }

        private static ComponentKind kindOf(Class<?> type) {
            for (ComponentKind kind : ComponentKind.values()) {
                if (kind.factoryType().isAssignableFrom(type)) {
                    return kind;
                }
            }
            return null;
        }

        private static String sharedHint(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    if (i.getName().startsWith("io.deepbootstrap.api.") && i.getClassLoader() != ComponentFactory.class.getClassLoader()) {
                        return "; the plugin bundles its own copy of bootstrap-api: declare it <scope>provided</scope>";
                    }
                }
            }
            return "";
        }

        private static String guiceReason(RuntimeException e) {
            Throwable cause = e.getCause();
            if (cause != null) {
                while (cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                return "constructor threw " + describe(cause, cause.toString());
            }
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            for (String line : message.split("\n")) {
                String trimmed = line.trim();
                if (!trimmed.isEmpty() && !trimmed.contains("errors:") && !trimmed.startsWith("Unable to create injector")) {
                    return oneLine(trimmed.replaceFirst("^\\d+\\)\\s*", "").replaceFirst("^\\[Guice/[A-Za-z]+]:\\s*", ""));
                }
            }
            return oneLine(message);
        }

        private void reject(Path file, String id, String reason) {
            errors.add(new PluginError(file, oneLine(reason)));
            if (id != null) {
                fileOf.remove(id);
                unload(id);
            }
        }

        private void unload(String id) {
            PluginWrapper wrapper = manager.getPlugin(id);
            if (wrapper == null) {
                return;
            }
            ClassLoader loader = wrapper.getPluginClassLoader();
            try {
                manager.unloadPlugin(id);
            } catch (RuntimeException e) {
                LOG.warn("cannot unload plugin {}: {}", id, e.toString());
            }
            manager.guiceExtensionFactory().forget(loader);
        }

        private LoadedPlugin loadedPlugin(PluginWrapper wrapper, Path file, List<ComponentRegistration> components) {
            PluginDescriptor d = wrapper.getDescriptor();
            return new LoadedPlugin(d.getPluginId(), d.getVersion(), wrapper.getPluginState().toString(), file,
                    nullToEmpty(d.getProvider()), nullToEmpty(d.getPluginDescription()),
                    blank(d.getRequires()) ? "*" : d.getRequires(), components);
        }

        private void close() throws IOException {
            try {
                // one by one: PF4J 3.15's stopPlugins() fails with a ConcurrentModificationException
                List<PluginWrapper> all = new ArrayList<>(manager.getPlugins());
                Collections.reverse(all);
                for (PluginWrapper wrapper : all) {
                    unload(wrapper.getPluginId());
                }
            } finally {
                if (tempRoot != null) {
                    try (Stream<Path> walk = Files.walk(tempRoot)) {
                        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
        }

        private static String key(ComponentKind kind, String name) {
            return kind.id() + "/" + name;
        }
    }

    private static String describe(Throwable e, String fallback) {
        if (e == null) {
            return fallback;
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            return cause != null && cause != e ? describe(cause, e.getClass().getSimpleName()) : e.getClass().getSimpleName();
        }
        String type = e.getClass().getSimpleName();
        boolean plain = e instanceof BadPlugin || type.equals("PluginRuntimeException") || type.equals("PluginException");
        return oneLine(plain ? message : type + ": " + message);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** A reason to reject one plugin. */
    private static final class BadPlugin extends RuntimeException {
        BadPlugin(String reason) {
            super(reason, null, false, false);
        }
    }
}
