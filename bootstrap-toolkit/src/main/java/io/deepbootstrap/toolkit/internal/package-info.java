/**
 * The toolkit's internals: the ND4J runtime's thread settings and build information ({@code Nd4jRuntime}) and the
 * backend check of the command line ({@code Nd4jBackends}). Used by the application and the toolkit itself; not
 * part of the plugin surface and not versioned: plugins cannot see this package, and a plugin whose classes refer
 * to it is refused when it is loaded, naming the class. The network's thread count reaches a plugin's network
 * through its {@code ArchitectureContext}.
 */
package io.deepbootstrap.toolkit.internal;
