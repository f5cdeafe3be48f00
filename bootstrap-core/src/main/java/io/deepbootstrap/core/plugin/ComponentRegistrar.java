package io.deepbootstrap.core.plugin;

import io.deepbootstrap.api.ComponentFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.core.registry.ComponentRegistration;
import io.deepbootstrap.core.registry.DuplicateComponentException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns listed factory classes into registrations, for built-ins and plugins alike: loads each class,
 * checks that it implements its kind's interface, creates it once (public no-argument constructor), checks
 * its name and that its defaults exist, and refuses a name already taken within the kind. Each problem
 * drops that one component, with a one-line reason; the other components register.
 */
final class ComponentRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentRegistrar.class);

    private final Map<String, ComponentRegistration> taken = new HashMap<>();

    /**
     * Why one listed class did not register.
     *
     * @param className the factory class
     * @param reason one line
     */
    record Problem(String className, String reason) {
        @Override
        public String toString() {
            return className + ": " + reason;
        }
    }

    /**
     * Registrations of one source.
     *
     * @param registered the components that registered
     * @param problems one per listed class that did not
     */
    record Outcome(List<ComponentRegistration> registered, List<Problem> problems) {
    }

    /** @param existing components registered before (e.g. the built-ins): their names are taken */
    ComponentRegistrar(Collection<ComponentRegistration> existing) {
        existing.forEach(r -> taken.putIfAbsent(key(r.kind(), r.name()), r));
    }

    /**
     * @param listed the classes to register
     * @param loader the class loader that defines them
     * @param origin {@code built-in} or {@code plugin <id> (<file>)}
     * @param pluginId the plugin, or null for built-ins
     * @param hasDefaults whether a defaults path (see {@link ComponentKind#defaultsPath}) exists
     * @return what registered, and why the rest did not
     */
    Outcome register(List<ComponentDiscovery.Listed> listed, ClassLoader loader, String origin, String pluginId,
                     Predicate<String> hasDefaults) {
        List<ComponentRegistration> registered = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (ComponentDiscovery.Listed entry : listed) {
            try {
                ComponentRegistration registration = new ComponentRegistration(entry.kind(), create(entry, loader), origin, pluginId);
                String name = registration.name();
                ComponentRegistration clash = taken.get(key(entry.kind(), name));
                if (clash != null) {
                    throw new BadPluginException(new DuplicateComponentException(clash, registration).getMessage());
                }
                if (!hasDefaults.test(entry.kind().defaultsPath(name))) {
                    throw new BadPluginException(entry.kind().id() + " '" + name + "' has no defaults: its reference.conf must hold "
                            + "an object at " + entry.kind().defaultsPath(name) + " with every key it accepts");
                }
                taken.put(key(entry.kind(), name), registration);
                registered.add(registration);
            } catch (BadPluginException e) {
                problems.add(new Problem(entry.className(), e.getMessage()));
            }
        }
        return new Outcome(registered, problems);
    }

    private static ComponentFactory<?, ?> create(ComponentDiscovery.Listed entry, ClassLoader loader) {
        Class<?> factoryType = entry.kind().factoryType();
        String listedIn = " (listed in " + ComponentDiscovery.servicesFile(entry.kind()) + ")";
        Class<?> type;
        try {
            type = Class.forName(entry.className(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new BadPluginException("cannot be loaded" + listedIn + ": " + PluginMessages.typed(e));
        }
        if (!factoryType.isAssignableFrom(type)) {
            throw new BadPluginException("does not implement " + factoryType.getName() + listedIn);
        }
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            throw new BadPluginException("must be a public, non-abstract class" + listedIn);
        }
        Object instance;
        try {
            instance = type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new BadPluginException("has no public no-argument constructor" + listedIn);
        } catch (InvocationTargetException e) {
            LOG.warn("constructor of {} threw", entry.className(), e.getCause());
            throw new BadPluginException("constructor threw " + PluginMessages.typed(e.getCause()));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new BadPluginException("cannot be created: " + PluginMessages.typed(e));
        }
        ComponentFactory<?, ?> factory = (ComponentFactory<?, ?>) instance;
        String name;
        try {
            name = factory.name();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("name() of {} threw", entry.className(), e);
            throw new BadPluginException("name() threw " + PluginMessages.typed(e));
        }
        if (name == null || !name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new BadPluginException("component name '" + name + "' must be lower-case words joined by hyphens");
        }
        return factory;
    }

    private static String key(ComponentKind kind, String name) {
        return kind.id() + "/" + name;
    }
}
