package io.deepbootstrap.api.run;

import io.deepbootstrap.api.ComponentFactory;

/**
 * Builds a {@link RunListener} from an {@code experiment.listeners = [{ type = ... }]} entry.
 * Defaults live under {@code bootstrap.components.run-listener.<name>}.
 */
public interface RunListenerFactory extends ComponentFactory<RunListener, RunListenerContext> {
}
