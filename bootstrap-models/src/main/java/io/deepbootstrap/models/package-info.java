/**
 * Built-in architectures and the native layer toolkit they are built from. {@link io.deepbootstrap.models.ModelsModule}
 * registers the architectures; {@code io.deepbootstrap.toolkit.nn} is the toolkit; {@code io.deepbootstrap.models.dl4j}
 * adapts DL4J networks to the framework's {@code Network}.
 */
package io.deepbootstrap.models;
