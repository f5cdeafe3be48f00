package io.deepbootstrap.plugins.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.typesafe.config.Config;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.CoreModule;
import io.deepbootstrap.core.config.ConfigLoader;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.plugin.LoadedPlugin;
import io.deepbootstrap.core.plugin.PluginComponents;
import io.deepbootstrap.core.plugin.BuiltInComponents;
import io.deepbootstrap.core.plugin.PluginSystem;
import io.deepbootstrap.core.registry.ComponentRegistration;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.testkit.PluginHarness;
import io.deepbootstrap.testkit.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example plugins as built: archive contents, loading, and an experiment that uses all three. */
class ExamplePluginsTest {
    private static final Path ARCHIVES = Path.of(System.getProperty("example.archives", "target/example-archives"));
    private static final Path PLUGINS = Path.of(System.getProperty("example.plugins", "target/plugins"));

    @TempDir
    Path work;

    private static List<ComponentRegistration> builtIns() {
        ClassLoader app = ExamplePluginsTest.class.getClassLoader();
        return BuiltInComponents.discover(app, ConfigLoader.defaults(app));
    }

    private static List<Path> archives(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void everyBuiltArchiveListsItsComponentsAndHasAManifestAndDefaults() throws IOException {
        List<Path> archives = archives(ARCHIVES);
        assertThat(archives).hasSize(6);
        for (Path archive : archives) {
            String prefix = archive.toString().endsWith(".zip") ? "classes/" : "";
            try (ZipFile zip = new ZipFile(archive.toFile())) {
                assertThat(zip.stream().map(e -> e.getName()).filter(n -> n.startsWith(prefix + "META-INF/services/io.deepbootstrap.api."))
                        .toList()).as("provider-configuration file in " + archive).hasSize(1);
                assertThat(zip.getEntry(prefix + "META-INF/MANIFEST.MF")).as("manifest in " + archive).isNotNull();
                assertThat(zip.getEntry(prefix + "reference.conf")).as("reference.conf in " + archive).isNotNull();
                // provided dependencies must not be bundled
                assertThat(zip.stream().map(e -> e.getName()).filter(n -> n.startsWith("lib/")).toList())
                        .as("bundled libraries in " + archive).isEmpty();
                assertThat(zip.stream().map(e -> e.getName()).filter(n -> n.contains("io/deepbootstrap/api/")).toList())
                        .as("API classes in " + archive).isEmpty();
            }
        }
    }

    @Test
    void jarsAndZipsOfEveryExampleLoadWithTheirComponents() throws IOException {
        for (String form : List.of(".jar", ".zip")) {
            Path dir = Files.createDirectories(work.resolve(form.substring(1)));
            for (Path archive : archives(ARCHIVES)) {
                if (archive.toString().endsWith(form)) {
                    Files.copy(archive, dir.resolve(archive.getFileName()));
                }
            }
            try (PluginComponents plugins = PluginSystem.load(dir, ConfigLoader.defaults(getClass().getClassLoader()))) {
                assertThat(plugins.errors()).isEmpty();
                assertThat(plugins.plugins()).extracting(LoadedPlugin::id).containsExactly("ece", "teacher", "wide-mlp");
                assertThat(plugins.plugins()).extracting(LoadedPlugin::state).containsOnly("STARTED");
                assertThat(plugins.registrations()).extracting(r -> r.kind().id() + ":" + r.name() + ":" + r.pluginId())
                        .containsExactlyInAnyOrder("metric:ece:ece", "data-source:teacher:teacher",
                                "architecture:wide-mlp:wide-mlp");
                assertThat(plugins.defaults().getInt("bootstrap.components.metric.ece.bins")).isEqualTo(15);
                assertThat(plugins.defaults().getInt("bootstrap.components.architecture.wide-mlp.width")).isEqualTo(1024);
                assertThat(plugins.defaults().getInt("bootstrap.components.data-source.teacher.classes")).isEqualTo(10);
            }
        }
    }

    @Test
    void theExampleConfigurationIsValidWithTheExamplePlugins() {
        ClassLoader app = getClass().getClassLoader();
        Path file = Path.of("../../examples/plugins.conf");
        try (PluginComponents plugins = PluginSystem.load(PLUGINS, ConfigLoader.defaults(app))) {
            ComponentRegistry registry = Guice.createInjector(new CoreModule(ConfigLoader.defaults(ExamplePluginsTest.class.getClassLoader()), builtIns(), plugins)).getInstance(ComponentRegistry.class);
            ConfigLoader.UserConfig user = ConfigLoader.loadUser(file, java.util.Map.of());
            Config defaults = plugins.defaults().withFallback(ConfigLoader.defaults(app));
            ExperimentSettings settings = ExperimentSettings.parse(user.user(), defaults,
                    ConfigLoader.merge(user.user(), defaults), user.baseDirectory(), registry);
            assertThat(settings.data().source().type()).isEqualTo("teacher");
            assertThat(user.user().getStringList("evaluation.metrics")).contains("ece");
            assertThat(user.user().getConfigList("architectures").get(0).getString("type")).isEqualTo("wide-mlp");
        }
    }

    @Test
    void anExperimentWrittenInHoconUsesAllThreeExamplePlugins() throws IOException {
        // the distribution's set, loaded together by the test kit's harness, as the application loads its plugins folder
        try (PluginHarness.Loaded loaded = PluginHarness.load(archives(PLUGINS), work)) {
            assertThat(loaded.plugins()).extracting(LoadedPlugin::id).containsExactly("ece", "teacher", "wide-mlp");
            assertThat(loaded.registry().registrations(ComponentKind.ARCHITECTURE)).filteredOn(ComponentRegistration::fromPlugin)
                    .extracting(ComponentRegistration::name).containsExactly("wide-mlp");

            List<RunResult> records = loaded.run("""
                    experiment { name = plugins-e2e, seed = 3 }
                    data { type = teacher, dimension = 8, classes = 3, hidden = 16, train-sizes = [128], test-size = 256 }
                    training {
                      steps = 150, batch-size = 32, prefetch = 0
                      optimizer { type = sgd, learning-rate = 0.2, momentum = 0 }
                      schedule.type = constant
                    }
                    evaluation { points = 4, metrics = [error, loss, ece], batch-size = 256 }
                    architectures = [ { type = wide-mlp, width = 64 } ]
                    """);
            assertThat(records).hasSize(2);
            assertThat(records).extracting(r -> r.id().world()).containsExactlyInAnyOrder(World.REAL, World.IDEAL);
            for (RunResult record : records) {
                assertThat(record.status()).as(record.message()).isEqualTo(RunStatus.OK);
                Evaluation first = record.curve().get(0);
                Evaluation last = record.last();
                assertThat(last.step()).isEqualTo(150);
                assertThat(last.test()).containsKeys("error", "ece");
                assertThat(last.test().get("ece")).isBetween(0.0, 1.0);
                // the wide MLP learns the teacher's labels: well below chance (2/3) after 150 steps
                assertThat(last.test().get("error")).isLessThan(0.45).isLessThan(first.test().get("error"));
            }
        }
    }
}
