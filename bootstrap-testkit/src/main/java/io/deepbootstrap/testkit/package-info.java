/**
 * The plugin test kit: what a plugin's tests need to exercise its components as the framework does.
 *
 * <ul>
 *   <li>{@link io.deepbootstrap.testkit.Testkit#config} builds a component's configuration from its
 *       {@code reference.conf} and the keys a test overrides, rejecting unknown keys as the framework does;</li>
 *   <li>{@link io.deepbootstrap.testkit.Contexts} makes the contexts a factory's {@code create} is given;</li>
 *   <li>{@link io.deepbootstrap.testkit.PluginHarness} loads a built plugin archive with the application's
 *       plugin loader (its class loader, its boundary check) and runs a tiny experiment with it.</li>
 * </ul>
 *
 * The kit is versioned with the application; its public types follow the same compatibility rules as the API.
 */
package io.deepbootstrap.testkit;
