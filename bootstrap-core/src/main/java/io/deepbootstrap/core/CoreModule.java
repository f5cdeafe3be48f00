package io.deepbootstrap.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.plugin.PluginComponents;
import io.deepbootstrap.core.registry.ComponentRegistration;
import io.deepbootstrap.core.registry.ComponentRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Guice wiring of what an application has whatever it does: its defaults ({@link ReferenceConfig}), the
 * loaded plugins, the component registry — built from the built-in components and the plugins' (both
 * found the same way, see {@link io.deepbootstrap.core.plugin.BuiltInComponents} and
 * {@link io.deepbootstrap.core.plugin.PluginSystem}) and remembering the plugins that failed — the
 * experiment runner, and the {@link Closer} of what the injector opens. {@link ExperimentModule} adds an
 * experiment.
 */
public final class CoreModule extends AbstractModule {
    private final Config applicationDefaults;
    private final List<ComponentRegistration> builtIns;
    private final PluginComponents plugins;

    /**
     * @param applicationDefaults the application's own reference configuration
     * @param builtIns the built-in components
     * @param plugins the loaded plugins
     */
    public CoreModule(Config applicationDefaults, List<ComponentRegistration> builtIns, PluginComponents plugins) {
        this.applicationDefaults = applicationDefaults;
        this.builtIns = List.copyOf(builtIns);
        this.plugins = plugins;
    }

    @Override
    protected void configure() {
        bind(PluginComponents.class).toInstance(plugins);
        bind(ReferenceConfig.class).toInstance(new ReferenceConfig(plugins.defaults().withFallback(applicationDefaults)));
        bind(ExperimentRunner.class).in(Singleton.class);
        bind(Closer.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    ComponentRegistry registry() {
        List<ComponentRegistration> all = new ArrayList<>(builtIns);
        all.addAll(plugins.registrations());
        return new ComponentRegistry(all, plugins.errors());
    }
}
