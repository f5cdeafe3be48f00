package io.deepbootstrap.core.registry;

import io.deepbootstrap.api.ComponentFactory;
import io.deepbootstrap.api.ComponentKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The name-keyed registry of every component factory, built-in and from plugins, per kind.
 * Two providers of one name within a kind are rejected with a message naming both. It also remembers the
 * providers that failed to load, so that asking for one of their components names the failure.
 */
public final class ComponentRegistry {
    private final Map<ComponentKind, Map<String, ComponentRegistration>> byKind = new EnumMap<>(ComponentKind.class);
    private final List<ProviderFailure> failures;

    /**
     * @param registrations every registration
     * @throws DuplicateComponentException if two registrations of one kind share a name
     */
    public ComponentRegistry(Collection<ComponentRegistration> registrations) {
        this(registrations, List.of());
    }

    /**
     * @param registrations every registration
     * @param failures the providers that failed to load
     * @throws DuplicateComponentException if two registrations of one kind share a name
     */
    public ComponentRegistry(Collection<ComponentRegistration> registrations, List<? extends ProviderFailure> failures) {
        this.failures = List.copyOf(failures);
        for (ComponentKind kind : ComponentKind.values()) {
            byKind.put(kind, new TreeMap<>());
        }
        for (ComponentRegistration registration : registrations) {
            Map<String, ComponentRegistration> names = byKind.get(registration.kind());
            ComponentRegistration previous = names.putIfAbsent(registration.name(), registration);
            if (previous != null) {
                throw new DuplicateComponentException(previous, registration);
            }
        }
    }

    /**
     * @param kind the kind
     * @param name the HOCON type
     * @param <F> the factory type
     * @return the factory
     * @throws UnknownComponentException listing the known names, or naming the failure of the plugin that
     *     declares it, if there is none
     */
    @SuppressWarnings("unchecked")
    public <F extends ComponentFactory<?, ?>> F factory(ComponentKind kind, String name) {
        return (F) registration(kind, name).factory();
    }

    /** @param kind the kind @return its registrations, sorted by name */
    public List<ComponentRegistration> registrations(ComponentKind kind) {
        return List.copyOf(byKind.get(kind).values());
    }

    /** @return every registration, by kind then name */
    public List<ComponentRegistration> all() {
        List<ComponentRegistration> all = new ArrayList<>();
        byKind.values().forEach(m -> all.addAll(m.values()));
        return Collections.unmodifiableList(all);
    }

    /**
     * @param kind the kind
     * @param name a name
     * @return its registration
     * @throws UnknownComponentException as {@link #factory}
     */
    public ComponentRegistration registration(ComponentKind kind, String name) {
        ComponentRegistration registration = byKind.get(kind).get(name);
        if (registration == null) {
            throw new UnknownComponentException(kind, name, names(kind), failures);
        }
        return registration;
    }

    /** @return the providers that failed to load */
    public List<ProviderFailure> failures() {
        return failures;
    }

    /** @param kind the kind @return the registered names, sorted */
    public List<String> names(ComponentKind kind) {
        return List.copyOf(byKind.get(kind).keySet());
    }
}
