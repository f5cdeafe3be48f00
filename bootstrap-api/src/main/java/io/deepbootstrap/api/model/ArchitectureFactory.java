package io.deepbootstrap.api.model;

import io.deepbootstrap.api.ComponentFactory;

/**
 * Builds a {@link Network} from an {@code architectures = [{ type = ... }]} entry. Defaults live under
 * {@code bootstrap.components.architecture.<name>}. The keys {@code type} and {@code name} (a label for
 * results) are the framework's and are not passed on.
 */
public interface ArchitectureFactory extends ComponentFactory<Network, ArchitectureContext> {
}
