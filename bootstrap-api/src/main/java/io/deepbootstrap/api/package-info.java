/**
 * The Deep Bootstrap service-provider interface.
 *
 * <p>Every kind of component (data source, architecture, augmentation, metric, run listener, generative model) is a
 * name-keyed {@link io.deepbootstrap.api.ComponentFactory}: {@code name()} matches the HOCON {@code type}
 * key, and {@code create(Config, context)} builds the component from its configuration block, already
 * merged over the defaults the component ships in its {@code reference.conf} under
 * {@link io.deepbootstrap.api.ComponentKind#defaultsPath(String)}.
 *
 * <p>This module holds interfaces and value types only: no Guice, no implementations.
 */
package io.deepbootstrap.api;
