package io.deepbootstrap.testkit;

import com.typesafe.config.Config;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.config.ConfigLoader;
import io.deepbootstrap.core.plugin.BuiltInComponents;
import io.deepbootstrap.core.registry.ComponentRegistry;

/**
 * The components on the test's class path, found as the application finds its built-ins (every
 * {@code META-INF/services/<factory interface>} file): the application's own and those of the plugin under test
 * (its {@code target/classes}). Built once per test JVM.
 */
final class ClassPathComponents {
    private static ClassPathComponents instance;

    private final Config defaults;
    private final ComponentRegistry registry;

    private ClassPathComponents(ClassLoader loader) {
        this.defaults = ConfigLoader.defaults(loader);
        this.registry = new ComponentRegistry(BuiltInComponents.discover(loader, defaults));
    }

    static synchronized ClassPathComponents get() {
        if (instance == null) {
            instance = new ClassPathComponents(Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : ClassPathComponents.class.getClassLoader());
        }
        return instance;
    }

    ComponentRegistry registry() {
        return registry;
    }

    /** @return every {@code reference.conf} on the class path, merged */
    Config defaults() {
        return defaults;
    }

    ComponentConfigs configs() {
        return new ComponentConfigs(registry, defaults);
    }
}
