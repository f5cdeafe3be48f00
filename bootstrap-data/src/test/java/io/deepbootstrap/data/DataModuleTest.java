package io.deepbootstrap.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.ComponentFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.augment.AugmentationFactory;
import io.deepbootstrap.api.data.DataSourceFactory;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DataModuleTest {

    @Test
    void registersAllComponentsAndEachHasDefaults() {
        Injector injector = Guice.createInjector(new DataModule());
        Set<DataSourceFactory> sources = injector.getInstance(Key.get(new TypeLiteral<Set<DataSourceFactory>>() { }));
        Set<AugmentationFactory> augmentations =
                injector.getInstance(Key.get(new TypeLiteral<Set<AugmentationFactory>>() { }));
        assertThat(sources.stream().map(ComponentFactory::name))
                .containsExactlyInAnyOrder("idx", "fashion-mnist", "synthetic-images", "gaussian-mixture");
        assertThat(augmentations.stream().map(ComponentFactory::name))
                .containsExactlyInAnyOrder("random-crop", "horizontal-flip", "cutout", "mixup", "gaussian-noise");
        Config reference = ConfigFactory.load();
        for (ComponentFactory<?, ?> f : java.util.stream.Stream.concat(sources.stream(), augmentations.stream()).toList()) {
            assertThat(reference.hasPath(ComponentKind.of(f).defaultsPath(f.name()))).as(f.name()).isTrue();
            assertThat(f.description()).as(f.name()).isNotBlank();
        }
        // the defaults blocks are where the framework looks for them
        assertThat(reference.getConfig("bootstrap.components.data-source").root().keySet())
                .containsAll(sources.stream().map(ComponentFactory::name).collect(Collectors.toSet()));
        assertThat(reference.getConfig("bootstrap.components.augmentation").root().keySet())
                .containsAll(augmentations.stream().map(ComponentFactory::name).toList());
    }
}
