package io.deepbootstrap.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.ComponentFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.augment.AugmentationFactory;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.fitted.GenerativeModelFactory;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * This module's components are registered the way plugins register theirs: listed in
 * {@code META-INF/services/<factory interface>}, readable by the JDK's own {@link ServiceLoader}, each with
 * its defaults in reference.conf.
 */
class ServiceRegistrationTest {

    private static <F extends ComponentFactory<?, ?>> List<F> listed(Class<F> type) {
        return ServiceLoader.load(type, ServiceRegistrationTest.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
    }

    @Test
    void everyComponentIsListedWithItsDefaults() {
        List<DataSourceFactory> sources = listed(DataSourceFactory.class);
        List<AugmentationFactory> augmentations = listed(AugmentationFactory.class);
        List<GenerativeModelFactory> models = listed(GenerativeModelFactory.class);
        assertThat(sources).extracting(ComponentFactory::name).containsExactlyInAnyOrder("idx", "fashion-mnist", "npy", "npz",
                "cifar10", "cifar5m", "image-folder", "synthetic-images", "gaussian-mixture", "fitted");
        assertThat(augmentations).extracting(ComponentFactory::name)
                .containsExactlyInAnyOrder("random-crop", "horizontal-flip", "cutout", "mixup", "gaussian-noise");
        assertThat(models).extracting(ComponentFactory::name).containsExactly("pca-gmm");
        Config reference = ConfigFactory.load();
        for (List<? extends ComponentFactory<?, ?>> factories : List.of(sources, augmentations, models)) {
            for (ComponentFactory<?, ?> f : factories) {
                assertThat(reference.hasPath(ComponentKind.of(f).defaultsPath(f.name()))).as(f.name()).isTrue();
                assertThat(f.description()).as(f.name()).isNotBlank();
            }
        }
        assertThat(reference.getConfig(ComponentKind.GENERATIVE_MODEL.defaultsPath("pca-gmm")).getInt("pca-dims")).isEqualTo(50);
    }
}
