package io.deepbootstrap.models;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.models.arch.Cnn;
import io.deepbootstrap.models.arch.Mlp;
import io.deepbootstrap.models.arch.PreactResnet;

/** Registers this module's built-in architectures with the framework. */
public final class ModelsModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder<ArchitectureFactory> architectures = Multibinder.newSetBinder(binder(), ArchitectureFactory.class);
        architectures.addBinding().to(Mlp.Factory.class);
        architectures.addBinding().to(Cnn.Factory.class);
        architectures.addBinding().to(PreactResnet.Factory.class);
    }
}
