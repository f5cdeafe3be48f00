package io.deepbootstrap.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.deepbootstrap.core.plugin.PluginComponents;
import io.deepbootstrap.core.registry.ComponentRegistration;
import io.deepbootstrap.core.registry.ComponentRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Guice wiring of the core: the component registry, built from the built-in components and the loaded
 * plugins' (both found the same way, see {@link io.deepbootstrap.core.plugin.BuiltInComponents} and
 * {@link io.deepbootstrap.core.plugin.PluginSystem}), and the plugins themselves.
 */
public final class CoreModule extends AbstractModule {
    private final List<ComponentRegistration> builtIns;
    private final PluginComponents plugins;

    /**
     * @param builtIns the built-in components
     * @param plugins the loaded plugins
     */
    public CoreModule(List<ComponentRegistration> builtIns, PluginComponents plugins) {
        this.builtIns = List.copyOf(builtIns);
        this.plugins = plugins;
    }

    @Override
    protected void configure() {
        bind(PluginComponents.class).toInstance(plugins);
    }

    @Provides
    @Singleton
    ComponentRegistry registry() {
        List<ComponentRegistration> all = new ArrayList<>(builtIns);
        all.addAll(plugins.registrations());
        return new ComponentRegistry(all, plugins.errors());
    }
}
