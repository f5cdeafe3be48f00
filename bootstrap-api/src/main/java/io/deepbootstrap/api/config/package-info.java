/**
 * Reading a component's or the framework's configuration values with messages that point at the value:
 * {@link io.deepbootstrap.api.config.ConfigValues} (typed, range-checked getters),
 * {@link io.deepbootstrap.api.config.ConfigValueException} (what they throw: {@code <location>: <key>: <problem>})
 * and {@link io.deepbootstrap.api.config.ConfigLocation} (the user's {@code file:line}, or
 * {@code default of <module>} for a component's default).
 */
package io.deepbootstrap.api.config;
