package io.deepbootstrap.data;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.fitted.GenerativeModelFactory;
import io.deepbootstrap.data.array.ArraySources;
import io.deepbootstrap.data.cifar.Cifar10Source;
import io.deepbootstrap.data.cifar.Cifar5mSource;
import io.deepbootstrap.data.fitted.FittedSource;
import io.deepbootstrap.data.fitted.PcaGmm;
import io.deepbootstrap.data.image.ImageFolderSource;

/**
 * Registers the file-format pools ({@code npy}, {@code npz}, {@code cifar10}, {@code cifar5m},
 * {@code image-folder}), the {@code fitted} generator source and the built-in generative model
 * ({@code pca-gmm}, in the {@code Set<GenerativeModelFactory>} multibinding; plugins contribute more as
components of kind {@code generative-model}).
 * Defaults are in {@code bootstrap-data-files.conf}, included by this module's {@code reference.conf}.
 */
public final class FileFormatsModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder<DataSourceFactory> sources = Multibinder.newSetBinder(binder(), DataSourceFactory.class);
        sources.addBinding().to(ArraySources.NpyFactory.class);
        sources.addBinding().to(ArraySources.NpzFactory.class);
        sources.addBinding().to(Cifar10Source.Factory.class);
        sources.addBinding().to(Cifar5mSource.Factory.class);
        sources.addBinding().to(ImageFolderSource.Factory.class);
        sources.addBinding().to(FittedSource.Factory.class);
        Multibinder<GenerativeModelFactory> models = Multibinder.newSetBinder(binder(), GenerativeModelFactory.class);
        models.addBinding().to(PcaGmm.Factory.class);
    }
}
