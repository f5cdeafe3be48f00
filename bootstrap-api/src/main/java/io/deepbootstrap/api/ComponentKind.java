package io.deepbootstrap.api;

import io.deepbootstrap.api.augment.AugmentationFactory;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.fitted.GenerativeModelFactory;
import io.deepbootstrap.api.metric.MetricFactory;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.run.RunListenerFactory;

/**
 * The kinds of components, each with the factory interface it is built by and the place where its
 * defaults live in the merged configuration.
 */
public enum ComponentKind {
    DATA_SOURCE("data-source", DataSourceFactory.class),
    ARCHITECTURE("architecture", ArchitectureFactory.class),
    AUGMENTATION("augmentation", AugmentationFactory.class),
    METRIC("metric", MetricFactory.class),
    RUN_LISTENER("run-listener", RunListenerFactory.class),
    /** Generative models of the {@code fitted} data source ({@code model = { type = ... }}). */
    GENERATIVE_MODEL("generative-model", GenerativeModelFactory.class);

    /** Root of all component defaults in the merged configuration. */
    public static final String DEFAULTS_ROOT = "bootstrap.components";

    private final String id;
    private final Class<? extends ComponentFactory<?, ?>> factoryType;

    ComponentKind(String id, Class<? extends ComponentFactory<?, ?>> factoryType) {
        this.id = id;
        this.factoryType = factoryType;
    }

    /** @return the kind's name as used in config paths and messages, e.g. {@code architecture} */
    public String id() {
        return id;
    }

    /** @return the factory interface components of this kind implement */
    public Class<? extends ComponentFactory<?, ?>> factoryType() {
        return factoryType;
    }

    /**
     * Where a component's defaults live: a component named {@code n} of this kind ships, in its own
     * {@code reference.conf}, an object at this path holding every key it accepts with its default.
     *
     * @param name the component name
     * @return e.g. {@code bootstrap.components.architecture.mlp}
     */
    public String defaultsPath(String name) {
        return DEFAULTS_ROOT + "." + id + ".\"" + name + "\"";
    }

    /**
     * @param factory a factory
     * @return the kind whose factory interface the factory implements
     * @throws IllegalArgumentException if it implements none
     */
    public static ComponentKind of(ComponentFactory<?, ?> factory) {
        for (ComponentKind kind : values()) {
            if (kind.factoryType.isInstance(factory)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(factory.getClass().getName() + " implements no component factory interface");
    }
}
