package io.deepbootstrap.core;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.deepbootstrap.api.metric.MetricFactory;
import io.deepbootstrap.core.metric.BuiltInMetrics;
import io.deepbootstrap.core.registry.RegistryModule;

/** Guice wiring of the core: the registry and the built-in metrics. */
public final class CoreModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new RegistryModule());
        Multibinder<MetricFactory> metrics = Multibinder.newSetBinder(binder(), MetricFactory.class);
        metrics.addBinding().to(BuiltInMetrics.ErrorFactory.class);
        metrics.addBinding().to(BuiltInMetrics.SoftErrorFactory.class);
        metrics.addBinding().to(BuiltInMetrics.LossFactory.class);
    }
}
