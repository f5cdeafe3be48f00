package io.deepbootstrap.core.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.deepbootstrap.core.registry.ComponentRegistration;

/**
 * Adds the components of loaded plugins to the registry: binds each {@link ComponentRegistration} into
 * the {@code Multibinder<ComponentRegistration>} of {@link io.deepbootstrap.core.registry.RegistryModule},
 * and binds the {@link PluginComponents} (for the {@code plugins} command).
 */
public final class PluginModule extends AbstractModule {
    private final PluginComponents plugins;

    /** @param plugins the result of {@link PluginSystem#load} */
    public PluginModule(PluginComponents plugins) {
        this.plugins = plugins;
    }

    @Override
    protected void configure() {
        Multibinder<ComponentRegistration> registrations = Multibinder.newSetBinder(binder(), ComponentRegistration.class);
        for (ComponentRegistration registration : plugins.registrations()) {
            registrations.addBinding().toInstance(registration);
        }
        bind(PluginComponents.class).toInstance(plugins);
    }
}
