package io.deepbootstrap.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.deepbootstrap.api.ComponentFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.config.ConfigError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Components as the framework sees them, for unit tests of a plugin's factories: every component on the test's
 * class path (the application's built-ins and the plugin's own classes, registered through their
 * {@code META-INF/services} files) with its defaults from the {@code reference.conf} files on the class path.
 *
 * <pre>{@code
 * Config config = Testkit.config(ComponentKind.METRIC, "ece", "bins = 10");
 * Metric ece = new EceMetric().create(config, Contexts.metric(3));
 * }</pre>
 */
public final class Testkit {
    private Testkit() {
    }

    /**
     * A component's configuration exactly as the framework passes it to {@code create}: the overrides merged over
     * the component's defaults at {@code bootstrap.components.<kind>.<name>}, after the framework's checks.
     *
     * @param kind the component's kind
     * @param name the component's name (its {@code type})
     * @param overrides HOCON keys of the component's block, e.g. {@code "width = 64, depth = 2"}; empty for the
     *     defaults alone
     * @return the merged configuration
     * @throws ConfigError if no component of that kind and name is on the class path, or an override is an
     *     unknown key or has the wrong type (the messages the user of the application would get)
     */
    public static Config config(ComponentKind kind, String name, String overrides) {
        Config block = ConfigFactory.parseString(overrides,
                        ConfigParseOptions.defaults().setOriginDescription("the test's overrides of " + kind.id() + " " + name))
                .withFallback(ConfigFactory.parseString("type = \"" + name.replace("\"", "\\\"") + "\""));
        List<String> problems = new ArrayList<>();
        ComponentConfigs.Resolved<?> resolved = ClassPathComponents.get().configs()
                .resolve(kind, block.root(), kind.id(), Set.of(), problems);
        if (resolved == null) {
            throw new ConfigError(problems);
        }
        return resolved.config();
    }

    /**
     * @param kind the component's kind
     * @param name the component's name
     * @param <F> the factory interface of the kind
     * @return the factory registered under that name: the same single instance the framework would use
     * @throws io.deepbootstrap.core.registry.UnknownComponentException if there is none (the message lists the
     *     known names)
     */
    public static <F extends ComponentFactory<?, ?>> F factory(ComponentKind kind, String name) {
        return ClassPathComponents.get().registry().factory(kind, name);
    }

    /**
     * Creates a component as the framework does: its registered factory called with {@link #config} and the given
     * context.
     *
     * @param kind the component's kind
     * @param name the component's name
     * @param overrides HOCON keys of the component's block (see {@link #config})
     * @param context the context, e.g. from {@link Contexts}
     * @param <T> the component type
     * @param <C> the context type
     * @return the new component
     * @throws ConfigError if the configuration is invalid
     */
    @SuppressWarnings("unchecked")
    public static <T, C> T create(ComponentKind kind, String name, String overrides, C context) {
        ComponentFactory<T, C> factory = (ComponentFactory<T, C>) factory(kind, name);
        return factory.create(config(kind, name, overrides), context);
    }
}
