package io.deepbootstrap.core.registry;

import io.deepbootstrap.api.ComponentKind;

/**
 * A provider of components that failed to load (a plugin, or one of its components), so that a later use
 * of a component it would have provided names that failure instead of calling the name unknown.
 */
public interface ProviderFailure {

    /** @return the failure, one line, e.g. {@code plugin plugins/ece.jar not loaded: ...} */
    String message();

    /**
     * @param kind a component kind
     * @param name a component name
     * @return true if the failed provider declares that component (has defaults for it)
     */
    boolean declares(ComponentKind kind, String name);
}
