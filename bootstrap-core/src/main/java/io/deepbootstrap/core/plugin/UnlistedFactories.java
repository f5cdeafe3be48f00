package io.deepbootstrap.core.plugin;

import io.deepbootstrap.api.ComponentKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the plugin classes that implement a component factory interface but are not listed in the
 * kind's provider-configuration file, so are not registered: usually a forgotten line in
 * {@code META-INF/services/...}. Works on the class files, before anything is loaded; supertypes outside
 * the plugin are looked up among the application's shared classes.
 */
final class UnlistedFactories {
    private final Map<String, ClassReferences> classes;
    private final ClassLoader application;
    private final Map<String, Optional<ComponentKind>> kinds = new HashMap<>();

    /**
     * @param classes the plugin's own classes
     * @param application the application's class loader
     */
    UnlistedFactories(Map<String, ClassReferences> classes, ClassLoader application) {
        this.classes = classes;
        this.application = application;
    }

    /**
     * @param listed the class names listed in the plugin's provider-configuration files
     * @return one line per concrete factory class that is not listed, e.g. {@code class a.B implements
     *     MetricFactory but is not listed in META-INF/services/io.deepbootstrap.api.metric.MetricFactory}
     */
    List<String> find(Set<String> listed) {
        List<String> unlisted = new ArrayList<>();
        for (ClassReferences c : classes.values()) {
            if (!c.concrete() || listed.contains(c.name())) {
                continue;
            }
            kindOf(c.name()).ifPresent(kind -> unlisted.add("class " + c.name() + " implements " + kind.factoryType().getSimpleName()
                    + " but is not listed in " + ComponentDiscovery.servicesFile(kind) + ", so it is not registered"));
        }
        return unlisted;
    }

    private Optional<ComponentKind> kindOf(String className) {
        Optional<ComponentKind> known = kinds.get(className);
        if (known != null) {
            return known;
        }
        kinds.put(className, Optional.empty()); // guards against cycles in broken class files
        Optional<ComponentKind> kind = compute(className);
        kinds.put(className, kind);
        return kind;
    }

    private Optional<ComponentKind> compute(String className) {
        for (ComponentKind kind : ComponentKind.values()) {
            if (kind.factoryType().getName().equals(className)) {
                return Optional.of(kind);
            }
        }
        ClassReferences own = classes.get(className);
        if (own != null) {
            List<String> supertypes = new ArrayList<>(own.interfaces());
            if (own.superName() != null) {
                supertypes.add(own.superName());
            }
            for (String supertype : supertypes) {
                Optional<ComponentKind> kind = kindOf(supertype);
                if (kind.isPresent()) {
                    return kind;
                }
            }
            return Optional.empty();
        }
        if (!PluginBoundary.isShared(className)) {
            return Optional.empty();
        }
        try {
            Class<?> type = Class.forName(className, false, application);
            for (ComponentKind kind : ComponentKind.values()) {
                if (kind.factoryType().isAssignableFrom(type)) {
                    return Optional.of(kind);
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // the boundary check reports classes the application lacks
        }
        return Optional.empty();
    }
}
