package io.deepbootstrap.core.registry;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.deepbootstrap.api.ComponentFactory;
import io.deepbootstrap.api.augment.AugmentationFactory;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.fitted.GenerativeModelFactory;
import io.deepbootstrap.api.metric.MetricFactory;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.run.RunListenerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds the {@link ComponentRegistry} from Guice multibindings. Built-in modules add factories with
 * {@code Multibinder.newSetBinder(binder(), ArchitectureFactory.class).addBinding().to(...)}; plugin
 * loading adds {@link ComponentRegistration}s that carry their plugin id.
 */
public final class RegistryModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), DataSourceFactory.class);
        Multibinder.newSetBinder(binder(), ArchitectureFactory.class);
        Multibinder.newSetBinder(binder(), AugmentationFactory.class);
        Multibinder.newSetBinder(binder(), MetricFactory.class);
        Multibinder.newSetBinder(binder(), RunListenerFactory.class);
        Multibinder.newSetBinder(binder(), GenerativeModelFactory.class);
        Multibinder.newSetBinder(binder(), ComponentRegistration.class);
    }

    @Provides
    @Singleton
    ComponentRegistry registry(Set<DataSourceFactory> data, Set<ArchitectureFactory> architectures,
                               Set<AugmentationFactory> augmentations, Set<MetricFactory> metrics,
                               Set<RunListenerFactory> listeners, Set<GenerativeModelFactory> models,
                               Set<ComponentRegistration> contributed) {
        List<ComponentRegistration> all = new ArrayList<>();
        Stream.<Set<? extends ComponentFactory<?, ?>>>of(data, architectures, augmentations, metrics, listeners, models)
                .flatMap(Set::stream)
                .sorted(java.util.Comparator.comparing(f -> f.getClass().getName()))
                .map(ComponentRegistration::builtIn)
                .forEach(all::add);
        all.addAll(contributed);
        return new ComponentRegistry(all);
    }
}
