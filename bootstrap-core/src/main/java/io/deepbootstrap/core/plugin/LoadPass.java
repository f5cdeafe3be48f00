package io.deepbootstrap.core.plugin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.core.registry.ComponentRegistration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of {@link PluginSystem}: the plugins found in the folders, step by step, with what each
 * contributed or why it was refused. Its {@link #close()} unloads the plugins and removes their temporary
 * folder.
 */
final class LoadPass {
    private static final Logger LOG = LoggerFactory.getLogger(LoadPass.class);

    private final BootstrapPluginManager manager;
    private final PluginTempFolders temp;
    private final ClassLoader application;
    private final String apiVersion;
    private final Config appConfig;
    private final BoundaryCheck boundary;
    private final ComponentRegistrar registrar;
    private final Map<String, Candidate> candidates = new LinkedHashMap<>();
    private final List<PluginError> errors = new ArrayList<>();
    private final List<ComponentRegistration> registrations = new ArrayList<>();
    private final List<LoadedPlugin> loaded = new ArrayList<>();
    private Config config;
    private Config defaults = ConfigFactory.empty();
    private boolean closed;

    /** A plugin still in the running, with what is known of it so far. */
    private static final class Candidate {
        final PluginArchive archive;
        final PluginDescriptor descriptor;
        final Set<String> declared;
        final Map<String, ClassReferences> classes;
        PluginWrapper wrapper;

        Candidate(PluginArchive archive, PluginDescriptor descriptor, Set<String> declared, Map<String, ClassReferences> classes) {
            this.archive = archive;
            this.descriptor = descriptor;
            this.declared = declared;
            this.classes = classes;
        }

        String id() {
            return descriptor.getPluginId();
        }

        Path file() {
            return archive.file();
        }
    }

    LoadPass(BootstrapPluginManager manager, PluginTempFolders temp, ClassLoader application, String apiVersion, Config appConfig,
             Collection<ComponentRegistration> builtIns) {
        this.manager = manager;
        this.temp = temp;
        this.application = application;
        this.apiVersion = apiVersion;
        this.appConfig = appConfig;
        this.config = appConfig;
        this.boundary = new BoundaryCheck(application, apiVersion);
        this.registrar = new ComponentRegistrar(builtIns);
    }

    /** Step 1: archives, descriptors, version rule, class files. */
    void open(List<Path> files) {
        for (Path file : files) {
            PluginArchive archive = null;
            Set<String> declared = Set.of();
            try {
                archive = PluginArchive.open(file, temp);
                declared = declaredComponents(archive.ownReferenceConf());
                PluginDescriptor descriptor = PluginDescriptors.read(archive, apiVersion);
                Candidate earlier = candidates.get(descriptor.getPluginId());
                if (earlier != null) {
                    throw new BadPluginException("plugin id '" + descriptor.getPluginId() + "' is already loaded from " + earlier.file());
                }
                candidates.put(descriptor.getPluginId(), new Candidate(archive, descriptor, declared, BoundaryCheck.read(archive)));
                LOG.debug("found plugin {} {} in {}", descriptor.getPluginId(), descriptor.getVersion(), archive);
            } catch (BadPluginException e) {
                errors.add(new PluginError(file, null, e.getMessage(), declared));
                if (archive != null) {
                    archive.close();
                }
            }
        }
    }

    /** Step 2: what each plugin's classes refer to, against what it may see. */
    void checkBoundaries() {
        for (Candidate c : List.copyOf(candidates.values())) {
            Set<String> visible = new HashSet<>(c.archive.ownClassNames());
            visible.addAll(c.archive.libraryClassNames());
            for (PluginDependency dependency : c.descriptor.getDependencies()) {
                Candidate d = candidates.get(dependency.getPluginId());
                if (d != null) {
                    visible.addAll(d.archive.ownClassNames());
                    visible.addAll(d.archive.libraryClassNames());
                }
            }
            try {
                boundary.check(c.id(), c.classes, visible);
            } catch (BadPluginException e) {
                refuse(c, e.getMessage());
            }
        }
    }

    /** Step 3: PF4J builds the class loaders, resolves dependencies and starts the plugins. */
    void startWithPf4j() {
        for (Candidate c : List.copyOf(candidates.values())) {
            try {
                c.wrapper = manager.load(c.archive.loadPath());
            } catch (RuntimeException e) {
                refuse(c, "cannot be loaded: " + PluginMessages.describe(e, "unknown error"));
                continue;
            }
            if (c.wrapper.getPluginState() == PluginState.DISABLED && c.wrapper.getFailedException() != null) {
                refuse(c, "invalid: " + PluginMessages.describe(c.wrapper.getFailedException(), "rejected by PF4J"));
            }
        }
        manager.resolve();
        for (Candidate c : List.copyOf(candidates.values())) {
            PluginState state = c.wrapper.getPluginState();
            if (state != PluginState.RESOLVED && state != PluginState.DISABLED) {
                refuse(c, "unresolved: " + PluginMessages.describe(c.wrapper.getFailedException(),
                        "its Plugin-Dependencies are missing or have the wrong version"));
            }
        }
        manager.startPlugins();
        for (Candidate c : List.copyOf(candidates.values())) {
            PluginState state = c.wrapper.getPluginState();
            if (state != PluginState.STARTED && state != PluginState.DISABLED) {
                refuse(c, "failed to start: " + PluginMessages.describe(c.wrapper.getFailedException(), "state " + state));
            }
        }
    }

    /** Step 4: each started plugin's components and defaults. */
    void registerComponents() {
        for (Candidate c : List.copyOf(candidates.values())) {
            if (c.wrapper.getPluginState() == PluginState.DISABLED) {
                LOG.info("plugin {} ({}) is disabled", c.id(), c.file());
                loaded.add(listing(c, List.of(), List.of()));
                continue;
            }
            try {
                register(c);
            } catch (BadPluginException e) {
                refuse(c, e.getMessage());
            }
        }
    }

    private void register(Candidate c) {
        IsolatingPluginClassLoader loader = (IsolatingPluginClassLoader) c.wrapper.getPluginClassLoader();
        Config reference = PluginSystem.referenceConf(loader);
        List<ComponentDiscovery.Listed> listed = ComponentDiscovery.find(loader::ownResources);
        List<String> unlisted = new UnlistedFactories(c.classes, application)
                .find(listed.stream().map(ComponentDiscovery.Listed::className).collect(java.util.stream.Collectors.toSet()));
        if (listed.isEmpty()) {
            throw new BadPluginException("plugin '" + c.id() + "' registers no components: it has no file "
                    + "META-INF/services/<factory interface> listing its factory classes"
                    + (unlisted.isEmpty() ? "" : " (" + String.join("; ", unlisted) + ")") + "; see docs/plugins.md");
        }
        String origin = "plugin " + c.id() + " (" + c.file().getFileName() + ")";
        ComponentRegistrar.Outcome outcome = registrar.register(listed, loader, origin, c.id(),
                path -> reference.hasPath(path) || appConfig.hasPath(path));
        if (outcome.registered().isEmpty()) {
            throw new BadPluginException("none of its components registered: " + outcome.problems().stream().map(Object::toString)
                    .collect(java.util.stream.Collectors.joining("; ")));
        }
        Set<String> notRegistered = new TreeSet<>(c.declared);
        outcome.registered().forEach(r -> notRegistered.remove(r.kind().id() + "/" + r.name()));
        for (ComponentRegistrar.Problem problem : outcome.problems()) {
            errors.add(new PluginError(c.file(), problem.className(), problem.reason(), notRegistered));
        }
        for (ComponentRegistration registration : outcome.registered()) {
            LOG.info("plugin {}: registered {}", c.id(), registration.describe());
        }
        unlisted.forEach(w -> LOG.warn("plugin {}: {}", c.id(), w));
        registrations.addAll(outcome.registered());
        config = config.withFallback(reference);
        defaults = defaults.withFallback(reference);
        loaded.add(listing(c, outcome.registered(), unlisted));
    }

    private void refuse(Candidate c, String reason) {
        errors.add(new PluginError(c.file(), null, reason, c.declared));
        candidates.remove(c.id());
        c.archive.close();
        if (c.wrapper != null) {
            unload(c.id());
        }
    }

    private void unload(String id) {
        try {
            manager.unloadPlugin(id);
        } catch (RuntimeException e) {
            LOG.warn("cannot unload plugin {}: {}", id, e.toString());
        }
    }

    private static LoadedPlugin listing(Candidate c, List<ComponentRegistration> components, List<String> warnings) {
        PluginDescriptor d = c.descriptor;
        Set<String> packages = new TreeSet<>();
        for (String name : c.classes.keySet()) {
            int dot = name.lastIndexOf('.');
            if (dot > 0) {
                packages.add(name.substring(0, dot));
            }
        }
        return new LoadedPlugin(d.getPluginId(), d.getVersion(), c.wrapper.getPluginState().toString(), c.file(),
                d.getProvider() == null ? "" : d.getProvider(), d.getPluginDescription() == null ? "" : d.getPluginDescription(),
                d.getRequires(), components, packages, warnings);
    }

    /** @return the keys {@code <kind>/<name>} a plugin's reference.conf has defaults for */
    private static Set<String> declaredComponents(Config reference) {
        Set<String> declared = new TreeSet<>();
        for (ComponentKind kind : ComponentKind.values()) {
            String path = ComponentKind.DEFAULTS_ROOT + "." + kind.id();
            try {
                if (reference.hasPath(path)) {
                    reference.getObject(path).keySet().forEach(name -> declared.add(kind.id() + "/" + name));
                }
            } catch (ConfigException e) {
                // a malformed reference.conf is reported where it matters, when the plugin registers
            }
        }
        return declared;
    }

    Config config() {
        return config;
    }

    Config defaults() {
        return defaults;
    }

    List<ComponentRegistration> registrations() {
        return registrations;
    }

    List<LoadedPlugin> loaded() {
        return loaded;
    }

    /** @return the errors in folder then file-name order (a plugin's own errors in the order they arose) */
    List<PluginError> errors(List<Path> files) {
        List<PluginError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(e -> files.indexOf(e.file())));
        return sorted;
    }

    /** Releases the jars read in place. */
    void closeArchives() {
        candidates.values().forEach(c -> c.archive.close());
    }

    /** Unloads the plugins (their class loaders close) and removes the temporary folder. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // one by one: PF4J 3.15's stopPlugins() fails with a ConcurrentModificationException
            List<PluginWrapper> all = new ArrayList<>(manager.getPlugins());
            Collections.reverse(all);
            all.forEach(w -> unload(w.getPluginId()));
        } finally {
            temp.close();
        }
    }
}
