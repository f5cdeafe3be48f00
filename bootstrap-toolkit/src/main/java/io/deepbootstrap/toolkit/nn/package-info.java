/**
 * The native layer toolkit: layers that call libnd4j ops directly (NHWC convolutions and pooling through
 * oneDNN in the oneDNN build, dense layers through BLAS gemm, batch/layer norm, ReLU/GELU), with activation
 * and gradient buffers allocated once per network and batch size, and parameters and gradients in flat
 * vectors so that an ND4J updater applies in one call.
 *
 * <p>Build a network from {@link io.deepbootstrap.toolkit.nn.Layer}s with
 * {@link io.deepbootstrap.toolkit.nn.Sequential#of}, wrap it in a {@link io.deepbootstrap.toolkit.nn.NativeNetwork}
 * to get the framework's {@code Network}. Write a custom layer by implementing {@code Layer} (usually by
 * extending {@link io.deepbootstrap.toolkit.nn.AbstractLayer}); {@link io.deepbootstrap.toolkit.nn.Ops#exec} runs
 * any libnd4j custom op with preallocated outputs.
 *
 * <p>Part of the model toolkit surface that plugins see, versioned with the SPI ({@code bootstrap.api.version}; a
 * change that breaks a plugin needs the next minor version before 1.0, and the build's japicmp check enforces it).
 */
package io.deepbootstrap.toolkit.nn;
