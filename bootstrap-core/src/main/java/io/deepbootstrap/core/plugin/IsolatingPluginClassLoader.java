package io.deepbootstrap.core.plugin;

import java.util.List;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader. Classes of the {@linkplain #SHARED_PACKAGES shared packages} (the SPI, the
 * native layer toolkit, ND4J, DL4J, Typesafe Config, SLF4J, PF4J) always come from the application, so
 * that a plugin's factories implement the very interfaces the framework uses. Every other class is looked
 * up in the plugin's own archive first (its classes, then its bundled {@code lib/*.jar}), then in plugins
 * it depends on, and only then in the application: a plugin that bundles its own version of a library the
 * application also has gets its own.
 */
public class IsolatingPluginClassLoader extends PluginClassLoader {

    /** Package prefixes a plugin always takes from the application. */
    public static final List<String> SHARED_PACKAGES = List.of(
            "io.deepbootstrap.api.",
            "io.deepbootstrap.toolkit.",
            "io.deepbootstrap.models.",
            "org.nd4j.",
            "org.deeplearning4j.",
            "com.typesafe.config.",
            "org.slf4j.",
            "org.pf4j.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    /**
     * @param pluginManager the manager that owns the plugin
     * @param descriptor the plugin's descriptor
     * @param application the application's class loader
     */
    public IsolatingPluginClassLoader(PluginManager pluginManager, PluginDescriptor descriptor, ClassLoader application) {
        super(pluginManager, descriptor, application, ClassLoadingStrategy.PDA);
    }

    /**
     * @param className a binary class name
     * @return true if the class belongs to a shared package and is taken from the application
     */
    public static boolean isShared(String className) {
        for (String prefix : SHARED_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
        return isShared(className);
    }
}
