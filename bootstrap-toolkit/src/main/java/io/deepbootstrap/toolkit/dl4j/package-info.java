/**
 * The DL4J adapter of the model toolkit surface (visible to plugins, versioned with the SPI's
 * {@code bootstrap.api.version}): {@link io.deepbootstrap.toolkit.dl4j.Dl4jNetwork} turns a DL4J
 * {@code MultiLayerNetwork} or single-input {@code ComputationGraph} into the framework's
 * {@code io.deepbootstrap.api.model.Network}, with the framework's optimizer instead of DL4J's updater.
 */
package io.deepbootstrap.toolkit.dl4j;
