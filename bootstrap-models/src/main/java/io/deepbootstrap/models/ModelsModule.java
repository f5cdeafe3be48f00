package io.deepbootstrap.models;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.models.arch.Cnn;
import io.deepbootstrap.models.arch.Mcnn;
import io.deepbootstrap.models.arch.Mlp;
import io.deepbootstrap.models.arch.PreactResnet;
import io.deepbootstrap.models.arch.ResNet;
import io.deepbootstrap.models.arch.Vgg;
import io.deepbootstrap.models.arch.Vit;

/** Registers this module's built-in architectures with the framework. */
public final class ModelsModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder<ArchitectureFactory> architectures = Multibinder.newSetBinder(binder(), ArchitectureFactory.class);
        architectures.addBinding().to(Mlp.Factory.class);
        architectures.addBinding().to(Cnn.Factory.class);
        architectures.addBinding().to(Mcnn.Factory.class);
        architectures.addBinding().to(PreactResnet.Factory.class);
        architectures.addBinding().to(ResNet.Factory.class);
        architectures.addBinding().to(Vgg.Factory.class);
        architectures.addBinding().to(Vit.Factory.class);
    }
}
