package io.deepbootstrap.api;

import com.typesafe.config.Config;
import org.pf4j.ExtensionPoint;

/**
 * A named factory for one kind of component. Implementations are registered by the framework's
 * modules (Guice multibindings) or contributed by plugins (PF4J extensions); within a kind, names are
 * unique, and two providers of one name are a start-up error naming both.
 *
 * @param <T> the component built
 * @param <C> the context the framework hands to {@link #create}
 */
public interface ComponentFactory<T, C> extends ExtensionPoint {

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
