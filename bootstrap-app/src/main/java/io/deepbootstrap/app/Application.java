package io.deepbootstrap.app;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.typesafe.config.Config;
import io.deepbootstrap.core.CoreModule;
import io.deepbootstrap.core.config.ConfigLoader;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.data.DataModule;
import io.deepbootstrap.data.FileFormatsModule;
import io.deepbootstrap.models.ModelsModule;
import java.util.ArrayList;
import java.util.List;

/**
 * The wired application: the component registry (built-ins and plugins) and the merged defaults of
 * every module's {@code reference.conf}.
 *
 * @param registry every component
 * @param defaults merged reference configuration (unresolved)
 */
public record Application(ComponentRegistry registry, Config defaults) {

    /**
     * @param extraModules further Guice modules (plugin contributions)
     * @param pluginDefaults reference configuration contributed by plugins
     * @return the wired application
     */
    public static Application create(List<Module> extraModules, Config pluginDefaults) {
        List<Module> modules = new ArrayList<>(List.of(new CoreModule(), new DataModule(), new FileFormatsModule(), new ModelsModule()));
        modules.addAll(extraModules);
        Injector injector = Guice.createInjector(modules);
        Config defaults = pluginDefaults.withFallback(ConfigLoader.defaults(Application.class.getClassLoader()));
        return new Application(injector.getInstance(ComponentRegistry.class), defaults);
    }
}
