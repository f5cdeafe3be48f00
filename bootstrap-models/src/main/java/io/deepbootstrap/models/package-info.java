/**
 * Built-in architectures and the native layer toolkit they are built from. The architectures are listed in
 * {@code META-INF/services/io.deepbootstrap.api.model.ArchitectureFactory}, as a plugin lists its own; {@code io.deepbootstrap.toolkit.nn} is the toolkit; {@code io.deepbootstrap.models.dl4j}
 * adapts DL4J networks to the framework's {@code Network}.
 */
package io.deepbootstrap.models;
