package io.deepbootstrap.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.config.ConfigLoader;
import io.deepbootstrap.core.experiment.DataSplits;
import io.deepbootstrap.core.experiment.ExperimentData;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.plugin.BuiltInComponents;
import io.deepbootstrap.core.plugin.PluginComponents;
import io.deepbootstrap.core.plugin.PluginSystem;
import io.deepbootstrap.core.registry.ComponentRegistration;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.settings.DataSection;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.settings.TrainingSection;
import io.deepbootstrap.core.testing.Harness;
import io.deepbootstrap.core.testing.TestComponents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One injector per application: the registry, the settings, the data and its cache, the runner. */
class InjectorTest {
    @TempDir
    Path dir;

    private Injector injector(PluginComponents plugins, String experiment) throws Exception {
        ClassLoader cl = getClass().getClassLoader();
        var defaults = ConfigLoader.defaults(cl);
        List<ComponentRegistration> builtIns = Stream.concat(BuiltInComponents.discover(cl, defaults).stream(),
                TestComponents.registrations().stream()).toList();
        Path file = dir.resolve("experiment.conf");
        Files.writeString(file, Harness.BASE.formatted(dir.resolve("out").toString().replace("\\", "/")) + experiment);
        return Guice.createInjector(new CoreModule(defaults, builtIns, plugins), new ExperimentModule(ConfigLoader.loadUser(file, Map.of())));
    }

    @Test
    void theExperimentIsParsedOnceAndItsPartsAreSingletonsOfTheOneInjector() throws Exception {
        try (PluginComponents plugins = PluginSystem.load(dir.resolve("no-plugins"), ConfigLoader.defaults(getClass().getClassLoader()))) {
            Injector injector = injector(plugins, "training.steps = 40\ndata.train-sizes = [40]");
            ComponentRegistry registry = injector.getInstance(ComponentRegistry.class);
            assertThat(injector.getInstance(ComponentRegistry.class)).isSameAs(registry);
            assertThat(registry.names(ComponentKind.DATA_SOURCE)).contains("blobs");
            assertThat(registry.names(ComponentKind.METRIC)).contains("error", "soft-error", "loss");

            ExperimentSettings settings = injector.getInstance(ExperimentSettings.class);
            assertThat(injector.getInstance(ExperimentSettings.class)).isSameAs(settings);
            assertThat(settings.training().steps()).isEqualTo(40);
            assertThat(injector.getInstance(TrainingSection.class)).isSameAs(settings.training());
            assertThat(injector.getInstance(DataSection.class).trainSizes()).containsExactly(40);

            ExperimentRunner runner = injector.getInstance(ExperimentRunner.class);
            assertThat(injector.getInstance(ExperimentRunner.class)).isSameAs(runner);
            ExperimentData data = injector.getInstance(ExperimentData.class);
            DataSplits splits = injector.getInstance(DataSplits.class);
            assertThat(injector.getInstance(DataSplits.class)).isSameAs(splits);
            ExperimentRunner.Prepared prepared = injector.getInstance(ExperimentRunner.Prepared.class);
            assertThat(injector.getInstance(ExperimentRunner.Prepared.class)).isSameAs(prepared);
            assertThat(prepared.data()).isSameAs(data.data());

            List<RunRecord> injected = prepared.run(new RunListener() { }, soFar -> { });
            List<RunRecord> manual = Harness.run(settings);
            assertThat(injected).hasSameSizeAs(manual);
            for (int i = 0; i < manual.size(); i++) {
                assertThat(injected.get(i).id()).isEqualTo(manual.get(i).id());
                assertThat(injected.get(i).curve().stream().map(e -> e.test()).toList())
                        .isEqualTo(manual.get(i).curve().stream().map(e -> e.test()).toList());
                assertThat(injected.get(i).curve().stream().map(e -> e.train()).toList())
                        .isEqualTo(manual.get(i).curve().stream().map(e -> e.train()).toList());
            }
            injector.getInstance(Closer.class).close();
        }
    }

    @Test
    void aConfigurationErrorSurfacesWhenTheSettingsAreFirstNeeded() throws Exception {
        try (PluginComponents plugins = PluginSystem.load(dir.resolve("no-plugins"), ConfigLoader.defaults(getClass().getClassLoader()))) {
            Injector injector = injector(plugins, "training.stepz = 40");
            assertThat(injector.getInstance(ComponentRegistry.class)).isNotNull();
            assertThatThrownBy(() -> injector.getInstance(ExperimentRunner.Prepared.class))
                    .isInstanceOf(ProvisionException.class)
                    .cause().isInstanceOf(ConfigError.class).hasMessageContaining("training.stepz: unknown key");
        }
    }

    @Test
    void theCloserClosesEverythingLastFirstEvenWhenOneFails() {
        List<String> closed = new ArrayList<>();
        Closer closer = new Closer();
        closer.register(() -> closed.add("first"));
        closer.register(() -> {
            closed.add("failing");
            throw new IllegalStateException("boom");
        });
        closer.register(() -> closed.add("last"));
        closer.close();
        assertThat(closed).containsExactly("last", "failing", "first");
        closer.close();
        assertThat(closed).hasSize(3);
    }
}
