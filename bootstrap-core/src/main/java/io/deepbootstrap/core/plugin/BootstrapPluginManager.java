package io.deepbootstrap.core.plugin;

import java.nio.file.Path;
import org.pf4j.DefaultPluginFactory;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.ExtensionFinder;
import org.pf4j.LegacyExtensionFinder;
import org.pf4j.Plugin;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

/**
 * PF4J's manager with the framework's choices: isolating class loaders for jar files and unpacked zip
 * plugins, extensions found through {@code META-INF/extensions.idx} only and created once through Guice,
 * an optional {@code Plugin-Class}. {@link PluginSystem} drives it file by file so that every bad plugin
 * gets its own error.
 */
final class BootstrapPluginManager extends DefaultPluginManager {

    BootstrapPluginManager(Path pluginsDir, String apiVersion) {
        super(pluginsDir);
        setSystemVersion(apiVersion);
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new ArchivePluginLoader(this, BootstrapPluginManager.class.getClassLoader());
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        return new GuiceExtensionFactory();
    }

    @Override
    protected ExtensionFinder createExtensionFinder() {
        // Only the index the PF4J annotation processor writes: META-INF/services files of bundled
        // libraries are not extensions.
        LegacyExtensionFinder finder = new LegacyExtensionFinder(this);
        addPluginStateListener(finder);
        return finder;
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

    GuiceExtensionFactory guiceExtensionFactory() {
        return (GuiceExtensionFactory) getExtensionFactory();
    }
}
