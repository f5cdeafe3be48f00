package io.deepbootstrap.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.fitted.GenerativeModelFactory;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FileFormatsModuleTest {

    @Test
    void registersEveryFactoryWithDefaultsInReferenceConf() {
        Injector injector = Guice.createInjector(new FileFormatsModule());
        Set<DataSourceFactory> sources = injector.getInstance(Key.get(new TypeLiteral<Set<DataSourceFactory>>() { }));
        Set<String> names = sources.stream().map(DataSourceFactory::name).collect(Collectors.toSet());
        assertThat(names).containsExactlyInAnyOrder("npy", "npz", "cifar10", "cifar5m", "image-folder", "fitted");
        Config reference = ConfigFactory.load();
        for (DataSourceFactory f : sources) {
            assertThat(reference.hasPath(ComponentKind.DATA_SOURCE.defaultsPath(f.name()))).as(f.name()).isTrue();
            assertThat(f.description()).isNotBlank();
        }
        Set<GenerativeModelFactory> models = injector.getInstance(Key.get(new TypeLiteral<Set<GenerativeModelFactory>>() { }));
        assertThat(models).extracting(GenerativeModelFactory::name).containsExactly("pca-gmm");
        assertThat(reference.getConfig(ComponentKind.GENERATIVE_MODEL.defaultsPath("pca-gmm")).getInt("pca-dims")).isEqualTo(50);
    }
}
