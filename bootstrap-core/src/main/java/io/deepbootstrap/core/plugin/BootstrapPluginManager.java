package io.deepbootstrap.core.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.pf4j.DefaultPluginFactory;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.ExtensionFinder;
import org.pf4j.ExtensionWrapper;
import org.pf4j.Plugin;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

/**
 * PF4J's manager with the framework's choices: {@linkplain IsolatingPluginClassLoader isolating class
 * loaders} for jar files and unpacked plugins, an optional {@code Plugin-Class}, dependency resolution
 * ({@code Plugin-Dependencies}). PF4J's own extension mechanism is not used: components are found by
 * {@link ComponentDiscovery} and created by {@link ComponentRegistrar}, the same way as built-ins. The API
 * version rule is {@link ApiVersionRule}'s, checked before PF4J sees a plugin. {@link PluginSystem} drives
 * the manager file by file so that every bad plugin gets its own error.
 */
final class BootstrapPluginManager extends DefaultPluginManager {
    private final ClassLoader application;

    /**
     * @param pluginsDir the first plugins folder (where PF4J looks for enabled.txt / disabled.txt)
     * @param application the application's class loader
     */
    BootstrapPluginManager(Path pluginsDir, ClassLoader application) {
        super(pluginsDir);
        this.application = application;
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new ArchivePluginLoader(this, () -> application);
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        return new ExtensionFactory() {
            @Override
            public <T> T create(Class<T> extensionClass) {
                throw new UnsupportedOperationException("components are created by ComponentRegistrar");
            }
        };
    }

    @Override
    protected ExtensionFinder createExtensionFinder() {
        return new NoExtensions();
    }

    @Override
    protected PluginFactory createPluginFactory() {
        DefaultPluginFactory standard = new DefaultPluginFactory();
        return wrapper -> {
            String pluginClass = wrapper.getDescriptor().getPluginClass();
            if (pluginClass == null || pluginClass.isBlank() || Plugin.class.getName().equals(pluginClass)) {
                return new Plugin();
            }
            Plugin plugin = standard.create(wrapper);
            if (plugin == null) {
                throw new PluginRuntimeException("Plugin-Class '" + pluginClass
                        + "' cannot be loaded or instantiated (it must extend org.pf4j.Plugin)");
            }
            return plugin;
        };
    }

    PluginWrapper load(Path path) {
        return loadPluginFromPath(path);
    }

    void resolve() {
        resolvePlugins();
    }

    /** PF4J's extension lookup, switched off. */
    private static final class NoExtensions implements ExtensionFinder {
        @Override
        public <T> List<ExtensionWrapper<T>> find(Class<T> type) {
            return List.of();
        }

        @Override
        public <T> List<ExtensionWrapper<T>> find(Class<T> type, String pluginId) {
            return List.of();
        }

        @Override
        @SuppressWarnings("rawtypes")
        public List<ExtensionWrapper> find(String pluginId) {
            return List.of();
        }

        @Override
        public Set<String> findClassNames(String pluginId) {
            return Set.of();
        }
    }
}
