package io.deepbootstrap.core.registry;

import io.deepbootstrap.api.ComponentKind;
import java.util.List;

/** A HOCON {@code type} that no registered component has. */
public final class UnknownComponentException extends RuntimeException {
    /** @param kind the kind @param name the unknown name @param known the registered names */
    public UnknownComponentException(ComponentKind kind, String name, List<String> known) {
        super("unknown " + kind.id() + " type '" + name + "'; known: " + String.join(", ", known)
                + " (is the plugin that provides it in the plugins folder?)");
    }
}
