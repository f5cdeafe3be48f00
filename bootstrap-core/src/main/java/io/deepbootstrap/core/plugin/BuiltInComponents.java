package io.deepbootstrap.core.plugin;

import com.typesafe.config.Config;
import io.deepbootstrap.core.registry.ComponentRegistration;
import java.util.Collections;
import java.util.List;

/**
 * The application's own components, found and created exactly like a plugin's: every
 * {@code META-INF/services/<factory interface>} file on the application's class path lists factory
 * classes (bootstrap-core its metrics, bootstrap-data its data sources, augmentations and generative
 * models, bootstrap-models its architectures), which {@link ComponentRegistrar} creates and checks.
 */
public final class BuiltInComponents {
    private BuiltInComponents() {
    }

    /**
     * @param classLoader the application's class loader
     * @param defaults the application's merged reference configuration: every built-in must have its
     *     defaults there
     * @return one registration per built-in component, kind by kind, in class-path order
     * @throws IllegalStateException if a listed class is broken, lacks defaults, or two share a name (a
     *     packaging error of the application, never the user's)
     */
    public static List<ComponentRegistration> discover(ClassLoader classLoader, Config defaults) {
        List<ComponentDiscovery.Listed> listed;
        try {
            listed = ComponentDiscovery.find(name -> Collections.list(classLoader.getResources(name)));
        } catch (BadPluginException e) {
            throw new IllegalStateException("built-in components: " + e.getMessage());
        }
        ComponentRegistrar.Outcome outcome = new ComponentRegistrar(List.of())
                .register(listed, classLoader, "built-in", null, defaults::hasPath);
        if (!outcome.problems().isEmpty()) {
            throw new IllegalStateException("built-in components are broken: " + outcome.problems());
        }
        return outcome.registered();
    }
}
