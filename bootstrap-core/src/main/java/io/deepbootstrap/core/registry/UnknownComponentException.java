package io.deepbootstrap.core.registry;

import io.deepbootstrap.api.ComponentKind;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A HOCON {@code type} that no registered component has. When a plugin (or component) that failed to load
 * declares that type, the message names that failure; when other plugins failed, it lists them; otherwise
 * it suggests looking in the plugins folder.
 */
public final class UnknownComponentException extends RuntimeException {
    /**
     * @param kind the kind
     * @param name the unknown name
     * @param known the registered names
     * @param failures the providers that failed to load
     */
    public UnknownComponentException(ComponentKind kind, String name, List<String> known, List<? extends ProviderFailure> failures) {
        super(message(kind, name, known, failures));
    }

    private static String message(ComponentKind kind, String name, List<String> known, List<? extends ProviderFailure> failures) {
        String unknown = "unknown " + kind.id() + " type '" + name + "'; known: " + String.join(", ", known);
        List<String> providers = failures.stream().filter(f -> f.declares(kind, name)).map(ProviderFailure::message).toList();
        if (!providers.isEmpty()) {
            return kind.id() + " type '" + name + "' is not available: " + String.join("; ", providers);
        }
        if (!failures.isEmpty()) {
            return unknown + " (" + failures.size() + " plugin problem(s) at start-up: "
                    + failures.stream().map(ProviderFailure::message).collect(Collectors.joining("; ")) + ")";
        }
        return unknown + " (is the plugin that provides it in the plugins folder?)";
    }
}
