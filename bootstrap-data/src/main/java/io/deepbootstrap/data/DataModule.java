package io.deepbootstrap.data;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.deepbootstrap.api.augment.AugmentationFactory;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.data.augment.Cutout;
import io.deepbootstrap.data.augment.GaussianNoise;
import io.deepbootstrap.data.augment.HorizontalFlip;
import io.deepbootstrap.data.augment.Mixup;
import io.deepbootstrap.data.augment.RandomCrop;
import io.deepbootstrap.data.idx.FashionMnistSourceFactory;
import io.deepbootstrap.data.idx.IdxSourceFactory;
import io.deepbootstrap.data.synthetic.GaussianMixtureFactory;
import io.deepbootstrap.data.synthetic.SyntheticImagesFactory;

/**
 * Registers the built-in data sources and augmentations of this module with Guice multibindings. Their
 * defaults are in this module's {@code reference.conf}.
 */
public final class DataModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder<DataSourceFactory> sources = Multibinder.newSetBinder(binder(), DataSourceFactory.class);
        // pools read from files
        sources.addBinding().to(IdxSourceFactory.class);
        sources.addBinding().to(FashionMnistSourceFactory.class);
        // generators
        sources.addBinding().to(SyntheticImagesFactory.class);
        sources.addBinding().to(GaussianMixtureFactory.class);

        Multibinder<AugmentationFactory> augmentations = Multibinder.newSetBinder(binder(), AugmentationFactory.class);
        augmentations.addBinding().to(RandomCrop.Factory.class);
        augmentations.addBinding().to(HorizontalFlip.Factory.class);
        augmentations.addBinding().to(Cutout.Factory.class);
        augmentations.addBinding().to(Mixup.Factory.class);
        augmentations.addBinding().to(GaussianNoise.Factory.class);
    }
}
