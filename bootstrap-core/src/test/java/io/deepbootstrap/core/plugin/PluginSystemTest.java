package io.deepbootstrap.core.plugin;

import static io.deepbootstrap.core.plugin.PluginArchives.constantMetric;
import static io.deepbootstrap.core.plugin.PluginArchives.defaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.Multibinder;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.fitted.GenerativeModel;
import io.deepbootstrap.api.data.fitted.ResolvedGenerativeModel;
import io.deepbootstrap.api.data.fitted.TrainingSet;
import io.deepbootstrap.api.metric.Metric;
import io.deepbootstrap.api.metric.MetricContext;
import io.deepbootstrap.api.metric.MetricFactory;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.experiment.RunContexts;
import io.deepbootstrap.core.registry.ComponentRegistration;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.core.registry.RegistryModule;
import io.deepbootstrap.testlib.Greeting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginSystemTest {
    @TempDir
    Path work;

    private static final Config APP = ConfigFactory.parseString("bootstrap.components.metric.error {}").resolve();
    private static final MetricContext CONTEXT = () -> 3;

    private Path plugins() throws Exception {
        return Files.createDirectories(work.resolve("plugins"));
    }

    private static double evaluate(ComponentRegistration registration, Config config) {
        MetricFactory factory = (MetricFactory) registration.factory();
        Metric metric = factory.create(config.getConfig(ComponentKind.METRIC.defaultsPath(factory.name())), CONTEXT);
        return metric.compute(new float[3], new int[1], 1, 3);
    }

    @Test
    void jarPluginContributesItsComponentsAndDefaults() throws Exception {
        Path dir = plugins();
        new PluginArchives(work, "constant")
                .source("test.constant.ConstantMetric", constantMetric("test.constant", "ConstantMetric", "constant", ""))
                .referenceConf(defaults("constant", 0.25))
                .jar(dir.resolve("constant-1.0.0.jar"));

        try (PluginComponents loaded = PluginSystem.load(dir, APP)) {
            assertThat(loaded.errors()).isEmpty();
            assertThat(loaded.registrations()).hasSize(1);
            ComponentRegistration registration = loaded.registrations().get(0);
            assertThat(registration.kind()).isEqualTo(ComponentKind.METRIC);
            assertThat(registration.name()).isEqualTo("constant");
            assertThat(registration.pluginId()).isEqualTo("constant");
            assertThat(registration.origin()).isEqualTo("plugin constant (constant-1.0.0.jar)");
            assertThat(registration.factory().getClass().getClassLoader()).isInstanceOf(IsolatingPluginClassLoader.class);
            // the plugin's factory implements the application's interface (shared package)
            assertThat(registration.factory()).isInstanceOf(MetricFactory.class);
            // the plugin's reference.conf was merged; the application's own settings are kept
            assertThat(loaded.config().getDouble("bootstrap.components.metric.constant.value")).isEqualTo(0.25);
            assertThat(loaded.config().hasPath("bootstrap.components.metric.error")).isTrue();
            assertThat(evaluate(registration, loaded.config())).isEqualTo(0.25);
            assertThat(loaded.defaults()).isEqualTo(ConfigFactory.parseString(defaults("constant", 0.25)));

            assertThat(loaded.plugins()).singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo("constant");
                assertThat(p.version()).isEqualTo("1.0.0");
                assertThat(p.state()).isEqualTo("STARTED");
                assertThat(p.file()).isEqualTo(dir.resolve("constant-1.0.0.jar"));
                assertThat(p.provider()).isEqualTo("tests");
                assertThat(p.requires()).isEqualTo("0.1.0");
                assertThat(p.components()).containsExactly(registration);
            });
        }
    }

    @Test
    void userSettingsWinOverPluginDefaults() throws Exception {
        Path dir = plugins();
        new PluginArchives(work, "constant")
                .source("test.constant.ConstantMetric", constantMetric("test.constant", "ConstantMetric", "constant", ""))
                .referenceConf(defaults("constant", 0.25))
                .jar(dir.resolve("constant.jar"));
        Config app = ConfigFactory.parseString("bootstrap.components.metric.constant.value = 0.75");
        try (PluginComponents loaded = PluginSystem.load(dir, app)) {
            assertThat(loaded.config().getDouble("bootstrap.components.metric.constant.value")).isEqualTo(0.75);
        }
    }

    @Test
    void zipPluginUsesItsOwnVersionOfABundledLibrary() throws Exception {
        Path dir = plugins();
        Path greetingJar = PluginArchives.library(work, work.resolve("greeting-2.0.jar"), Map.of("io.deepbootstrap.testlib.Greeting", """
                package io.deepbootstrap.testlib;
                public final class Greeting {
                    public static String text() { return "plugin copy 2.0"; }
                }
                """));
        String source = constantMetric("test.zipped", "ZippedMetric", "zipped", "")
                .replace("\"constant metric from a test plugin\"", "io.deepbootstrap.testlib.Greeting.text()");
        new PluginArchives(work, "zipped")
                .source("test.zipped.ZippedMetric", source)
                .lib(greetingJar)
                .referenceConf(defaults("zipped", 0.5))
                .zip(dir.resolve("zipped-1.0.0.zip"));

        try (PluginComponents loaded = PluginSystem.load(dir, APP)) {
            assertThat(loaded.errors()).isEmpty();
            ComponentRegistration registration = loaded.registrations().get(0);
            assertThat(registration.origin()).isEqualTo("plugin zipped (zipped-1.0.0.zip)");
            assertThat(registration.factory().description()).isEqualTo("plugin copy 2.0");
            assertThat(Greeting.text()).isEqualTo("app copy 1.0");
            assertThat(evaluate(registration, loaded.config())).isEqualTo(0.5);
        }
    }

    @Test
    void jarPluginContributesAGenerativeModelThatTheDataContextResolves() throws Exception {
        Path dir = plugins();
        new PluginArchives(work, "shift")
                .source("test.shift.ShiftModel", """
                        package test.shift;

                        import com.typesafe.config.Config;
                        import io.deepbootstrap.api.data.fitted.GenerativeModel;
                        import io.deepbootstrap.api.data.fitted.GenerativeModelFactory;
                        import io.deepbootstrap.api.data.fitted.TrainingSet;
                        import java.io.DataInputStream;
                        import java.io.DataOutputStream;
                        import java.util.random.RandomGenerator;
                        import org.pf4j.Extension;

                        @Extension
                        public class ShiftModel implements GenerativeModelFactory {
                            @Override public String name() { return "shift"; }
                            @Override public String description() { return "first example plus a shift"; }
                            @Override public GenerativeModel fit(Config config, TrainingSet data) {
                                float value = data.features()[0] + (float) config.getDouble("shift");
                                return model(value, data.labels()[0], data.dimension());
                            }
                            @Override public GenerativeModel load(Config config, DataInputStream in) throws java.io.IOException {
                                return model(in.readFloat(), in.readInt(), in.readInt());
                            }
                            private static GenerativeModel model(float value, int label, int dimension) {
                                return new GenerativeModel() {
                                    @Override public int sample(RandomGenerator random, float[] features, int offset) {
                                        java.util.Arrays.fill(features, offset, offset + dimension, value);
                                        return label;
                                    }
                                    @Override public void save(DataOutputStream out) throws java.io.IOException {
                                        out.writeFloat(value);
                                        out.writeInt(label);
                                        out.writeInt(dimension);
                                    }
                                };
                            }
                        }
                        """)
                .referenceConf("bootstrap.components.generative-model.shift { shift = 0.25, unused = 1 }\n")
                .jar(dir.resolve("shift.jar"));

        try (PluginComponents loaded = PluginSystem.load(dir, APP)) {
            assertThat(loaded.errors()).isEmpty();
            ComponentRegistration registration = loaded.registrations().get(0);
            assertThat(registration.kind()).isEqualTo(ComponentKind.GENERATIVE_MODEL);
            assertThat(registration.describe()).isEqualTo("generative-model 'shift' (plugin shift (shift.jar), test.shift.ShiftModel)");
            ComponentRegistry registry = new ComponentRegistry(List.of(registration));
            RunContexts.Data context = new RunContexts.Data(work, work.resolve("cache"),
                    new ComponentConfigs(registry, loaded.config().withFallback(ConfigFactory.load())));

            ResolvedGenerativeModel model = context.generativeModel(ConfigFactory.parseString("type = shift, shift = 0.5"));
            assertThat(model.factory()).isSameAs(registration.factory());
            assertThat(model.config().getDouble("shift")).isEqualTo(0.5);
            assertThat(model.config().getInt("unused")).isEqualTo(1);
            TrainingSet data = new TrainingSet(new InputShape(1, 1, 2), 2, List.of("a", "b"), new float[] {0.125f, 0f, 1f, 1f}, new int[] {1, 0});
            GenerativeModel fitted = model.factory().fit(model.config(), data);
            float[] sample = new float[2];
            assertThat(fitted.sample(new SplittableRandom(1), sample, 0)).isEqualTo(1);
            assertThat(sample).containsExactly(0.625f, 0.625f);

            assertThatThrownBy(() -> context.generativeModel(ConfigFactory.parseString("type = shift, latent = 3")))
                    .isInstanceOf(ConfigError.class).hasMessageContaining("model.latent");
            assertThatThrownBy(() -> context.generativeModel(ConfigFactory.parseString("type = vae")))
                    .isInstanceOf(ConfigError.class)
                    .hasMessageContaining("unknown generative-model type 'vae'; known: shift (is the plugin that provides it in the plugins folder?)");
        }
    }

    @Test
    void eachBadPluginGetsOneLineNamingItsFileAndTheGoodOnesStillLoad() throws Exception {
        Path dir = plugins();
        new PluginArchives(work, "good")
                .source("test.good.GoodMetric", constantMetric("test.good", "GoodMetric", "good", ""))
                .referenceConf(defaults("good", 1.0))
                .jar(dir.resolve("good.jar"));
        Files.write(dir.resolve("corrupt.jar"), new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'z', 'i', 'p'});
        Files.write(dir.resolve("corrupt.zip"), new byte[] {'P', 'K', 3, 4, 1, 2});
        new PluginArchives(work, "x").manifest("Plugin-Id", null)
                .source("test.nodesc.NoDescMetric", constantMetric("test.nodesc", "NoDescMetric", "no-desc", ""))
                .referenceConf(defaults("no-desc", 1.0))
                .jar(dir.resolve("no-descriptor.jar"));
        new PluginArchives(work, "noversion").manifest("Plugin-Version", null)
                .source("test.nover.NoVersionMetric", constantMetric("test.nover", "NoVersionMetric", "no-version", ""))
                .referenceConf(defaults("no-version", 1.0))
                .jar(dir.resolve("no-version.jar"));
        new PluginArchives(work, "future").manifest("Plugin-Requires", "9.0.0")
                .source("test.future.FutureMetric", constantMetric("test.future", "FutureMetric", "future", ""))
                .referenceConf(defaults("future", 1.0))
                .jar(dir.resolve("future.jar"));
        new PluginArchives(work, "missing").extension("test.missing.Gone")
                .source("test.missing.Other", "package test.missing; public class Other {}")
                .jar(dir.resolve("missing-class.jar"));
        new PluginArchives(work, "throwing")
                .source("test.throwing.ThrowingMetric", constantMetric("test.throwing", "ThrowingMetric", "throwing",
                        "if (true) throw new IllegalStateException(\"no GPU here\");"))
                .referenceConf(defaults("throwing", 1.0))
                .jar(dir.resolve("throwing.jar"));
        new PluginArchives(work, "clash-builtin")
                .source("test.clash.ErrorMetric", constantMetric("test.clash", "ErrorMetric", "error", ""))
                .jar(dir.resolve("clash-builtin.jar"));
        new PluginArchives(work, "second")
                .source("test.second.GoodAgain", constantMetric("test.second", "GoodAgain", "good", ""))
                .referenceConf(defaults("good", 2.0))
                .jar(dir.resolve("second.jar"));
        new PluginArchives(work, "noindex").noIndex()
                .source("test.noindex.NoIndexMetric", constantMetric("test.noindex", "NoIndexMetric", "no-index", ""))
                .referenceConf(defaults("no-index", 1.0))
                .jar(dir.resolve("no-index.jar"));
        new PluginArchives(work, "nodefaults")
                .source("test.nodefaults.BareMetric", constantMetric("test.nodefaults", "BareMetric", "bare", ""))
                .jar(dir.resolve("no-defaults.jar"));
        new PluginArchives(work, "notfactory")
                .source("test.notfactory.Thing", "package test.notfactory; import org.pf4j.Extension; @Extension public class Thing implements org.pf4j.ExtensionPoint {}")
                .jar(dir.resolve("not-a-factory.jar"));
        new PluginArchives(work, "badconf")
                .source("test.badconf.ConfMetric", constantMetric("test.badconf", "ConfMetric", "conf", ""))
                .referenceConf("bootstrap.components.metric.conf { value = [ }")
                .jar(dir.resolve("bad-conf.jar"));
        new PluginArchives(work, "good") // same id as good.jar
                .source("test.good2.Good2Metric", constantMetric("test.good2", "Good2Metric", "good-two", ""))
                .referenceConf(defaults("good-two", 1.0))
                .jar(dir.resolve("same-id.jar"));

        ComponentRegistration builtIn = ComponentRegistration.builtIn(new BuiltInError());
        try (PluginComponents loaded = PluginSystem.load(dir, APP, List.of(builtIn))) {
            assertThat(loaded.plugins()).extracting(LoadedPlugin::id).containsExactly("good");
            assertThat(loaded.registrations()).extracting(ComponentRegistration::name).containsExactly("good");
            assertThat(evaluate(loaded.registrations().get(0), loaded.config())).isEqualTo(1.0);
            // a rejected plugin contributes no defaults either
            assertThat(loaded.config().hasPath("bootstrap.components.metric.future")).isFalse();

            Map<String, String> byFile = new java.util.TreeMap<>();
            loaded.errors().forEach(e -> byFile.put(e.file().getFileName().toString(), e.message()));
            assertThat(byFile.keySet()).containsExactly("bad-conf.jar", "clash-builtin.jar", "corrupt.jar", "corrupt.zip",
                    "future.jar", "missing-class.jar", "no-defaults.jar", "no-descriptor.jar", "no-index.jar",
                    "no-version.jar", "not-a-factory.jar", "same-id.jar", "second.jar", "throwing.jar");
            loaded.errors().forEach(e -> {
                assertThat(e.message()).doesNotContain("\n").startsWith("plugin " + e.file() + " not loaded: ");
            });
            assertThat(byFile.get("corrupt.jar")).contains("corrupt archive (zip END header not found)");
            assertThat(byFile.get("corrupt.zip")).contains("corrupt archive (");
            assertThat(byFile.get("no-descriptor.jar")).endsWith("not loaded: invalid plugin descriptor: Plugin-Id is missing or empty in META-INF/MANIFEST.MF");
            assertThat(byFile.get("no-version.jar")).endsWith("not loaded: invalid plugin descriptor: Plugin-Version of plugin 'noversion' is missing or empty in META-INF/MANIFEST.MF");
            assertThat(byFile.get("future.jar")).endsWith("not loaded: plugin 'future' requires API version >=9.0.0 (Plugin-Requires: 9.0.0) but this application provides API version " + ApiVersion.current());
            assertThat(byFile.get("missing-class.jar")).endsWith("not loaded: extension class test.missing.Gone cannot be loaded: ClassNotFoundException: test.missing.Gone");
            assertThat(byFile.get("throwing.jar")).endsWith("not loaded: extension class test.throwing.ThrowingMetric cannot be created: constructor threw IllegalStateException: no GPU here");
            assertThat(byFile.get("clash-builtin.jar")).endsWith("not loaded: two providers of metric 'error': metric 'error' (built-in, "
                    + BuiltInError.class.getName() + ") and metric 'error' (plugin clash-builtin (clash-builtin.jar), test.clash.ErrorMetric)");
            assertThat(byFile.get("second.jar")).endsWith("not loaded: two providers of metric 'good': metric 'good' (plugin good (good.jar), test.good.GoodMetric)"
                    + " and metric 'good' (plugin second (second.jar), test.second.GoodAgain)");
            assertThat(byFile.get("no-index.jar")).contains("plugin 'noindex' has no extensions: META-INF/extensions.idx is missing or empty");
            assertThat(byFile.get("no-defaults.jar")).endsWith("not loaded: metric 'bare' (test.nodefaults.BareMetric) has no defaults: its reference.conf must hold an object at bootstrap.components.metric.\"bare\" with every key it accepts");
            assertThat(byFile.get("not-a-factory.jar")).contains("extension class test.notfactory.Thing implements none of the component factory interfaces (DataSourceFactory, ArchitectureFactory, AugmentationFactory, MetricFactory, RunListenerFactory, GenerativeModelFactory)");
            assertThat(byFile.get("bad-conf.jar")).contains("not loaded: invalid reference.conf: ");
            assertThat(byFile.get("same-id.jar")).endsWith("not loaded: plugin id 'good' is already loaded from " + dir.resolve("good.jar"));
        }
    }

    @Test
    void bundledCopyOfTheApiIsReportedAsSuch() throws Exception {
        Path dir = plugins();
        Path apiCopy = work.resolve("api-copy.jar");
        Path apiClasses = Path.of(MetricFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // a library jar holding the SPI interfaces, as a plugin that forgot <scope>provided</scope> would bundle
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(apiCopy));
             java.util.stream.Stream<Path> walk = Files.walk(apiClasses)) {
            for (Path f : walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".class")).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(apiClasses.relativize(f).toString()));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        new PluginArchives(work, "bundler")
                .source("test.bundler.BundlerMetric", constantMetric("test.bundler", "BundlerMetric", "bundler", ""))
                .referenceConf(defaults("bundler", 1.0))
                .lib(apiCopy)
                .zip(dir.resolve("bundler.zip"));
        try (PluginComponents loaded = PluginSystem.load(dir, APP)) {
            // shared packages always come from the application, so the bundled copy is ignored and it works
            assertThat(loaded.errors()).isEmpty();
            assertThat(loaded.registrations()).extracting(ComponentRegistration::name).containsExactly("bundler");
        }
    }

    @Test
    void severalFoldersLoadInOrderAndALaterCopyOfAPluginIsAnError() throws Exception {
        Path bundled = Files.createDirectories(work.resolve("dist/plugins"));
        Path user = Files.createDirectories(work.resolve("user-plugins"));
        new PluginArchives(work, "constant")
                .source("test.constant.ConstantMetric", constantMetric("test.constant", "ConstantMetric", "constant", ""))
                .referenceConf(defaults("constant", 0.25))
                .zip(bundled.resolve("constant.zip"));
        new PluginArchives(work, "constant")
                .source("test.constant.ConstantMetric", constantMetric("test.constant", "ConstantMetric", "constant", ""))
                .referenceConf(defaults("constant", 0.5))
                .zip(user.resolve("constant.zip"));
        new PluginArchives(work, "other")
                .source("test.other.OtherMetric", constantMetric("test.other", "OtherMetric", "other", ""))
                .referenceConf(defaults("other", 0.5))
                .jar(user.resolve("a-other.jar"));
        try (PluginComponents loaded = PluginSystem.load(List.of(bundled, user, work.resolve("absent")), APP, List.of())) {
            assertThat(loaded.plugins()).extracting(LoadedPlugin::file)
                    .containsExactly(bundled.resolve("constant.zip"), user.resolve("a-other.jar"));
            assertThat(loaded.config().getDouble("bootstrap.components.metric.constant.value")).isEqualTo(0.25);
            assertThat(loaded.errors()).extracting(PluginError::message).containsExactly("plugin " + user.resolve("constant.zip")
                    + " not loaded: plugin id 'constant' is already loaded from " + bundled.resolve("constant.zip"));
        }
    }

    @Test
    void missingFolderMeansNoPlugins() {
        try (PluginComponents loaded = PluginSystem.load(work.resolve("absent"), APP)) {
            assertThat(loaded.plugins()).isEmpty();
            assertThat(loaded.errors()).isEmpty();
            assertThat(loaded.registrations()).isEmpty();
            assertThat(loaded.config()).isEqualTo(APP);
        }
    }

    @Test
    void pluginModuleAddsTheRegistrationsToTheRegistry() throws Exception {
        Path dir = plugins();
        new PluginArchives(work, "constant")
                .source("test.constant.ConstantMetric", constantMetric("test.constant", "ConstantMetric", "constant", ""))
                .referenceConf(defaults("constant", 0.25))
                .jar(dir.resolve("constant.jar"));
        try (PluginComponents loaded = PluginSystem.load(dir, APP)) {
            Injector injector = Guice.createInjector(new RegistryModule(), new PluginModule(loaded),
                    binder -> Multibinder.newSetBinder(binder, MetricFactory.class).addBinding().to(BuiltInError.class));
            ComponentRegistry registry = injector.getInstance(ComponentRegistry.class);
            assertThat(registry.names(ComponentKind.METRIC)).containsExactly("constant", "error");
            assertThat(registry.registrations(ComponentKind.METRIC).get(0).fromPlugin()).isTrue();
            assertThat(registry.registrations(ComponentKind.METRIC).get(1).fromPlugin()).isFalse();
            assertThat(injector.getInstance(PluginComponents.class)).isSameAs(loaded);
        }
    }

    @Test
    void listingShowsPluginsComponentsAndErrors() throws Exception {
        Path dir = plugins();
        new PluginArchives(work, "constant")
                .source("test.constant.ConstantMetric", constantMetric("test.constant", "ConstantMetric", "constant", ""))
                .referenceConf(defaults("constant", 0.25))
                .jar(dir.resolve("constant.jar"));
        Files.write(dir.resolve("broken.zip"), new byte[] {1, 2, 3});
        try (PluginComponents loaded = PluginSystem.load(dir, APP)) {
            assertThat(PluginListing.lines(loaded)).containsExactly(
                    "constant 1.0.0 STARTED " + dir.resolve("constant.jar") + " (tests)",
                    "  metric constant: constant metric from a test plugin",
                    "plugin " + dir.resolve("broken.zip") + " not loaded: corrupt archive (zip END header not found)");
        }
        try (PluginComponents none = PluginSystem.load(work.resolve("absent"), APP)) {
            assertThat(PluginListing.lines(none)).containsExactly("no plugins loaded");
        }
    }

    @Test
    void extensionsAreCreatedOnce() {
        GuiceExtensionFactory factory = new GuiceExtensionFactory();
        BuiltInError first = factory.create(BuiltInError.class);
        assertThat(factory.create(BuiltInError.class)).isSameAs(first);
    }

    @Test
    void sharedPackagesComeFromTheApplication() {
        assertThat(IsolatingPluginClassLoader.isShared("io.deepbootstrap.api.metric.MetricFactory")).isTrue();
        assertThat(IsolatingPluginClassLoader.isShared("io.deepbootstrap.toolkit.dl4j.Dl4jNetwork")).isTrue();
        assertThat(IsolatingPluginClassLoader.isShared("org.nd4j.linalg.factory.Nd4j")).isTrue();
        assertThat(IsolatingPluginClassLoader.isShared("io.deepbootstrap.core.plugin.PluginSystem")).isFalse();
        assertThat(IsolatingPluginClassLoader.isShared("com.google.inject.Guice")).isFalse();
        assertThat(IsolatingPluginClassLoader.isShared("com.typesafe.configx.Foo")).isFalse();
    }

    /** Stands in for the built-in metric of the same name. */
    public static final class BuiltInError implements MetricFactory {
        @Override
        public String name() {
            return "error";
        }

        @Override
        public String description() {
            return "built-in stand-in";
        }

        @Override
        public Metric create(Config config, MetricContext context) {
            return (p, l, c, k) -> 0;
        }
    }
}
