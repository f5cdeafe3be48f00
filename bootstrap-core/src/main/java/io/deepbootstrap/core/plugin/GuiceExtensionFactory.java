package io.deepbootstrap.core.plugin;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.ExtensionFactory;

/**
 * Creates PF4J extensions through Guice, once per class: PF4J's own factory makes a new instance on every
 * {@code getExtensions} call, while a component factory must be a single object the registry keeps.
 * Extensions are built with just-in-time bindings (a public no-argument constructor, or an
 * {@code @Inject} constructor whose parameters the injector can supply).
 */
public final class GuiceExtensionFactory implements ExtensionFactory {
    private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();
    private volatile Injector injector;

    /** A factory with an empty injector; see {@link #useInjector}. */
    public GuiceExtensionFactory() {
    }

    /**
     * @param injector the injector that creates extensions from now on (e.g. one that binds services
     *     plugins may inject)
     */
    public void useInjector(Injector injector) {
        this.injector = injector;
    }

    /**
     * @param extensionClass the extension class
     * @param <T> its type
     * @return the one instance of the class, created on first use
     * @throws com.google.inject.ProvisionException if its constructor throws
     * @throws com.google.inject.ConfigurationException if Guice cannot construct it
     */
    @Override
    public <T> T create(Class<T> extensionClass) {
        Object instance = instances.get(extensionClass);
        if (instance == null) {
            synchronized (instances) {
                instance = instances.get(extensionClass);
                if (instance == null) {
                    instance = injector().getInstance(extensionClass);
                    instances.put(extensionClass, instance);
                }
            }
        }
        return extensionClass.cast(instance);
    }

    /** Forgets the instances of classes loaded by a class loader (when its plugin is unloaded). */
    void forget(ClassLoader loader) {
        instances.keySet().removeIf(c -> c.getClassLoader() == loader);
    }

    private Injector injector() {
        Injector current = injector;
        if (current == null) {
            synchronized (this) {
                if (injector == null) {
                    injector = Guice.createInjector();
                }
                current = injector;
            }
        }
        return current;
    }
}
