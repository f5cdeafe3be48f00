package io.deepbootstrap.api.data;

import io.deepbootstrap.api.ComponentFactory;

/**
 * Builds a {@link DataSource} from a {@code data { type = ... }} block. Defaults live under
 * {@code bootstrap.components.data-source.<name>} in the provider's {@code reference.conf}; the generic
 * keys of the {@code data} block ({@code type}, {@code train-sizes}, {@code test-size}) are the
 * framework's and are not passed on.
 */
public interface DataSourceFactory extends ComponentFactory<DataSource, DataContext> {
}
