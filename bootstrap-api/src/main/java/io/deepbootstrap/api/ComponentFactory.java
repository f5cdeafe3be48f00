package io.deepbootstrap.api;

import com.typesafe.config.Config;

/**
 * A named factory for one kind of component. Built-in factories and plugin factories are registered the
 * same way: each class is listed in a provider-configuration file named after its kind's factory
 * interface, {@code META-INF/services/<interface>} (the format of {@link java.util.ServiceLoader}), e.g.
 * {@code META-INF/services/io.deepbootstrap.api.metric.MetricFactory} holding one class name per line.
 * A listed class must be public with a public no-argument constructor; the framework creates it once.
 * Within a kind names are unique: a second provider of a name is refused with a message naming both.
 *
 * @param <T> the component built
 * @param <C> the context the framework hands to {@link #create}
 */
public interface ComponentFactory<T, C> {

    /**
     * The name users write as {@code type = <name>} in HOCON; lower-case words joined by hyphens.
     *
     * @return this factory's unique name within its kind
     */
    String name();

    /**
     * One line for {@code bootstrap list}: what the component is, in plain words.
     *
     * @return a short human-readable description
     */
    String description();

    /**
     * Builds the component.
     *
     * @param config the component's configuration block: the user's keys merged over this component's
     *     defaults from {@code reference.conf} at {@link ComponentKind#defaultsPath(String)}; unknown keys
     *     have already been rejected, so every key the defaults define is present
     * @param context what the framework knows that the component may need
     * @return a new component; never {@code null}
     * @throws com.typesafe.config.ConfigException if a value is invalid (name the key in the message)
     */
    T create(Config config, C context);
}
