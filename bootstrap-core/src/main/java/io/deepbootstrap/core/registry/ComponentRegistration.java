package io.deepbootstrap.core.registry;

import io.deepbootstrap.api.ComponentFactory;
import io.deepbootstrap.api.ComponentKind;

/**
 * One registered component factory and where it came from.
 *
 * @param kind the component kind
 * @param factory the factory
 * @param origin {@code built-in}, or {@code plugin <id> (<file>)} for plugin contributions
 * @param pluginId the contributing plugin's id, or {@code null} for built-ins
 */
public record ComponentRegistration(ComponentKind kind, ComponentFactory<?, ?> factory, String origin, String pluginId) {

    /** @param factory a built-in factory @return its registration */
    public static ComponentRegistration builtIn(ComponentFactory<?, ?> factory) {
        return new ComponentRegistration(ComponentKind.of(factory), factory, "built-in", null);
    }

    /** @return true if a plugin contributed this component */
    public boolean fromPlugin() {
        return pluginId != null;
    }

    /** @return the component's name */
    public String name() {
        return factory.name();
    }

    /** @return e.g. {@code architecture 'mlp' (built-in, io.deepbootstrap.models.MlpArchitecture)} */
    public String describe() {
        return kind.id() + " '" + name() + "' (" + origin + ", " + factory.getClass().getName() + ")";
    }
}
