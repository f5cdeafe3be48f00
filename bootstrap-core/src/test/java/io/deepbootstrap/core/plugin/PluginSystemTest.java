package io.deepbootstrap.core.plugin;

import static io.deepbootstrap.core.plugin.PluginArchives.constantMetric;
import static io.deepbootstrap.core.plugin.PluginArchives.defaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.fitted.GenerativeModel;
import io.deepbootstrap.api.data.fitted.GenerativeModelFactory;
import io.deepbootstrap.api.data.fitted.ResolvedGenerativeModel;
import io.deepbootstrap.api.data.fitted.TrainingSet;
import io.deepbootstrap.api.metric.Metric;
import io.deepbootstrap.api.metric.MetricContext;
import io.deepbootstrap.api.metric.MetricFactory;
import io.deepbootstrap.core.CoreModule;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.experiment.RunContexts;
import io.deepbootstrap.core.registry.ComponentRegistration;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.core.registry.UnknownComponentException;
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

    static final Config APP = ConfigFactory.parseString("bootstrap.components.metric.error {}").resolve();
    private static final MetricContext CONTEXT = () -> 3;

    private Path plugins() throws Exception {
        return Files.createDirectories(work.resolve("plugins"));
    }

    private PluginComponents load(Path dir, List<ComponentRegistration> builtIns) {
        return PluginSystem.load(List.of(dir), APP, builtIns, ApiVersion.current(), new PluginTempFolders(work));
    }

    static double evaluate(ComponentRegistration registration, Config config) {
        MetricFactory factory = (MetricFactory) registration.factory();
        Metric metric = factory.create(config.getConfig(ComponentKind.METRIC.defaultsPath(factory.name())), CONTEXT);
        return metric.compute(new float[3], new int[1], 1, 3);
    }

    @Test
    void jarPluginContributesItsComponentsAndDefaults() throws Exception {
        Path dir = plugins();
        new PluginArchives(work, "constant")
                .metric("test.constant.ConstantMetric", constantMetric("test.constant", "ConstantMetric", "constant", ""))
                .referenceConf(defaults("constant", 0.25))
                .jar(dir.resolve("constant-1.0.0.jar"));

        try (PluginComponents loaded = load(dir, List.of())) {
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
                assertThat(p.requires()).isEqualTo(ApiVersion.current());
                assertThat(p.components()).containsExactly(registration);
                assertThat(p.packages()).containsExactly("test.constant");
                assertThat(p.warnings()).isEmpty();
            });
        }
    }

    @Test
    void userSettingsWinOverPluginDefaults() throws Exception {
        Path dir = plugins();
        new PluginArchives(work, "constant")
                .metric("test.constant.ConstantMetric", constantMetric("test.constant", "ConstantMetric", "constant", ""))
                .referenceConf(defaults("constant", 0.25))
                .jar(dir.resolve("constant.jar"));
        Config app = ConfigFactory.parseString("bootstrap.components.metric.constant.value = 0.75");
        try (PluginComponents loaded = PluginSystem.load(List.of(dir), app, List.of(), ApiVersion.current(), new PluginTempFolders(work))) {
            assertThat(loaded.config().getDouble("bootstrap.components.metric.constant.value")).isEqualTo(0.75);
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
                .service(GenerativeModelFactory.class, "test.shift.ShiftModel")
                .referenceConf("bootstrap.components.generative-model.shift { shift = 0.25, unused = 1 }\n")
                .jar(dir.resolve("shift.jar"));

        try (PluginComponents loaded = load(dir, List.of())) {
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
                .metric("test.good.GoodMetric", constantMetric("test.good", "GoodMetric", "good", ""))
                .referenceConf(defaults("good", 1.0))
                .jar(dir.resolve("good.jar"));
        Files.write(dir.resolve("corrupt.jar"), new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'z', 'i', 'p'});
        Files.write(dir.resolve("corrupt.zip"), new byte[] {'P', 'K', 3, 4, 1, 2});
        new PluginArchives(work, "x").manifest("Plugin-Id", null)
                .metric("test.nodesc.NoDescMetric", constantMetric("test.nodesc", "NoDescMetric", "no-desc", ""))
                .referenceConf(defaults("no-desc", 1.0))
                .jar(dir.resolve("no-descriptor.jar"));
        new PluginArchives(work, "noversion").manifest("Plugin-Version", null)
                .metric("test.nover.NoVersionMetric", constantMetric("test.nover", "NoVersionMetric", "no-version", ""))
                .referenceConf(defaults("no-version", 1.0))
                .jar(dir.resolve("no-version.jar"));
        new PluginArchives(work, "missing").service(MetricFactory.class, "test.missing.Gone")
                .source("test.missing.Other", "package test.missing; public class Other {}")
                .jar(dir.resolve("missing-class.jar"));
        new PluginArchives(work, "throwing")
                .metric("test.throwing.ThrowingMetric", constantMetric("test.throwing", "ThrowingMetric", "throwing",
                        "if (true) throw new IllegalStateException(\"no GPU here\");"))
                .referenceConf(defaults("throwing", 1.0))
                .jar(dir.resolve("throwing.jar"));
        new PluginArchives(work, "clash-builtin")
                .metric("test.clash.ErrorMetric", constantMetric("test.clash", "ErrorMetric", "error", ""))
                .jar(dir.resolve("clash-builtin.jar"));
        new PluginArchives(work, "second")
                .metric("test.second.GoodAgain", constantMetric("test.second", "GoodAgain", "good", ""))
                .referenceConf(defaults("good", 2.0))
                .jar(dir.resolve("second.jar"));
        new PluginArchives(work, "nodefaults")
                .metric("test.nodefaults.BareMetric", constantMetric("test.nodefaults", "BareMetric", "bare", ""))
                .jar(dir.resolve("no-defaults.jar"));
        new PluginArchives(work, "notfactory")
                .source("test.notfactory.Thing", "package test.notfactory; public class Thing implements Runnable { public void run() { } }")
                .service(MetricFactory.class, "test.notfactory.Thing")
                .jar(dir.resolve("not-a-factory.jar"));
        new PluginArchives(work, "noctor")
                .metric("test.noctor.ArgMetric", constantMetric("test.noctor", "ArgMetric", "arg", "")
                        .replace("public ArgMetric() {  }", "public ArgMetric(int x) { }"))
                .referenceConf(defaults("arg", 1.0))
                .jar(dir.resolve("no-constructor.jar"));
        new PluginArchives(work, "badconf")
                .metric("test.badconf.ConfMetric", constantMetric("test.badconf", "ConfMetric", "conf", ""))
                .referenceConf("bootstrap.components.metric.conf { value = [ }")
                .jar(dir.resolve("bad-conf.jar"));
        new PluginArchives(work, "badname")
                .metric("test.badname.Upper", constantMetric("test.badname", "Upper", "Upper_Case", ""))
                .jar(dir.resolve("bad-name.jar"));
        new PluginArchives(work, "good") // same id as good.jar
                .metric("test.good2.Good2Metric", constantMetric("test.good2", "Good2Metric", "good-two", ""))
                .referenceConf(defaults("good-two", 1.0))
                .jar(dir.resolve("same-id.jar"));

        ComponentRegistration builtIn = ComponentRegistration.builtIn(new BuiltInError());
        try (PluginComponents loaded = load(dir, List.of(builtIn))) {
            assertThat(loaded.plugins()).extracting(LoadedPlugin::id).containsExactly("good");
            assertThat(loaded.registrations()).extracting(ComponentRegistration::name).containsExactly("good");
            assertThat(evaluate(loaded.registrations().get(0), loaded.config())).isEqualTo(1.0);
            // a rejected plugin contributes no defaults either
            assertThat(loaded.config().hasPath("bootstrap.components.metric.throwing")).isFalse();

            Map<String, String> byFile = new java.util.TreeMap<>();
            loaded.errors().forEach(e -> byFile.put(e.file().getFileName().toString(), e.message()));
            assertThat(byFile.keySet()).containsExactly("bad-conf.jar", "bad-name.jar", "clash-builtin.jar", "corrupt.jar", "corrupt.zip",
                    "missing-class.jar", "no-constructor.jar", "no-defaults.jar", "no-descriptor.jar", "no-version.jar", "not-a-factory.jar",
                    "same-id.jar", "second.jar", "throwing.jar");
            loaded.errors().forEach(e -> {
                assertThat(e.wholePlugin()).isTrue();
                assertThat(e.message()).doesNotContain("\n").startsWith("plugin " + e.file() + " not loaded: ");
            });
            String services = "META-INF/services/io.deepbootstrap.api.metric.MetricFactory";
            assertThat(byFile.get("corrupt.jar")).endsWith("not loaded: corrupt archive (zip END header not found)");
            assertThat(byFile.get("corrupt.zip")).contains("not loaded: corrupt archive (");
            assertThat(byFile.get("no-descriptor.jar")).endsWith("not loaded: invalid plugin descriptor: Plugin-Id is missing or empty in META-INF/MANIFEST.MF");
            assertThat(byFile.get("no-version.jar")).endsWith("not loaded: invalid plugin descriptor: Plugin-Version of plugin 'noversion' is missing or empty in META-INF/MANIFEST.MF");
            assertThat(byFile.get("missing-class.jar")).endsWith("not loaded: none of its components registered: test.missing.Gone: cannot be loaded (listed in "
                    + services + "): ClassNotFoundException: test.missing.Gone (neither in plugin 'missing' nor shared with plugins, which see only "
                    + PluginBoundary.summary() + ")");
            assertThat(byFile.get("throwing.jar")).endsWith("not loaded: none of its components registered: test.throwing.ThrowingMetric: "
                    + "constructor threw IllegalStateException: no GPU here");
            assertThat(byFile.get("clash-builtin.jar")).endsWith("not loaded: none of its components registered: test.clash.ErrorMetric: "
                    + "two providers of metric 'error': metric 'error' (built-in, " + BuiltInError.class.getName()
                    + ") and metric 'error' (plugin clash-builtin (clash-builtin.jar), test.clash.ErrorMetric)");
            assertThat(byFile.get("second.jar")).endsWith("not loaded: none of its components registered: test.second.GoodAgain: "
                    + "two providers of metric 'good': metric 'good' (plugin good (good.jar), test.good.GoodMetric)"
                    + " and metric 'good' (plugin second (second.jar), test.second.GoodAgain)");
            assertThat(byFile.get("no-defaults.jar")).endsWith("not loaded: none of its components registered: test.nodefaults.BareMetric: "
                    + "metric 'bare' has no defaults: its reference.conf must hold an object at bootstrap.components.metric.\"bare\" with every key it accepts");
            assertThat(byFile.get("not-a-factory.jar")).endsWith("test.notfactory.Thing: does not implement io.deepbootstrap.api.metric.MetricFactory (listed in "
                    + services + ")");
            assertThat(byFile.get("no-constructor.jar")).endsWith("test.noctor.ArgMetric: has no public no-argument constructor (listed in " + services + ")");
            assertThat(byFile.get("bad-conf.jar")).contains("not loaded: invalid reference.conf: ");
            assertThat(byFile.get("bad-name.jar")).endsWith("test.badname.Upper: component name 'Upper_Case' must be lower-case words joined by hyphens");
            assertThat(byFile.get("same-id.jar")).endsWith("not loaded: plugin id 'good' is already loaded from " + dir.resolve("good.jar"));
        }
    }

    @Test
    void aNameClashDropsOnlyTheClashingComponent() throws Exception {
        Path dir = plugins();
        new PluginArchives(work, "two")
                .metric("test.two.Fine", constantMetric("test.two", "Fine", "fine", ""))
                .metric("test.two.Clashing", constantMetric("test.two", "Clashing", "error", ""))
                .referenceConf(defaults("fine", 0.5) + defaults("error", 0.5))
                .jar(dir.resolve("two.jar"));
        try (PluginComponents loaded = load(dir, List.of(ComponentRegistration.builtIn(new BuiltInError())))) {
            assertThat(loaded.registrations()).extracting(ComponentRegistration::name).containsExactly("fine");
            assertThat(loaded.plugins()).singleElement().satisfies(p -> assertThat(p.components()).hasSize(1));
            assertThat(loaded.errors()).singleElement().satisfies(e -> {
                assertThat(e.wholePlugin()).isFalse();
                assertThat(e.component()).isEqualTo("test.two.Clashing");
                assertThat(e.message()).isEqualTo("plugin " + dir.resolve("two.jar") + ": component test.two.Clashing not registered: "
                        + "two providers of metric 'error': metric 'error' (built-in, " + BuiltInError.class.getName()
                        + ") and metric 'error' (plugin two (two.jar), test.two.Clashing)");
            });
            assertThat(evaluate(loaded.registrations().get(0), loaded.config())).isEqualTo(0.5);
        }
    }

    @Test
    void aFactoryClassThatIsNotListedIsReported() throws Exception {
        Path dir = plugins();
        new PluginArchives(work, "half")
                .metric("test.half.Listed", constantMetric("test.half", "Listed", "listed", ""))
                .source("test.half.Forgotten", constantMetric("test.half", "Forgotten", "forgotten", ""))
                .source("test.half.Base", "package test.half; public abstract class Base implements io.deepbootstrap.api.metric.MetricFactory { }")
                .source("test.half.Derived", constantMetric("test.half", "Derived", "derived", "").replace("implements MetricFactory", "extends Base"))
                .referenceConf(defaults("listed", 1) + defaults("forgotten", 1) + defaults("derived", 1))
                .jar(dir.resolve("half.jar"));
        new PluginArchives(work, "none")
                .source("test.none.Unlisted", constantMetric("test.none", "Unlisted", "unlisted", ""))
                .referenceConf(defaults("unlisted", 1))
                .jar(dir.resolve("none.jar"));
        try (PluginComponents loaded = load(dir, List.of())) {
            String services = "META-INF/services/io.deepbootstrap.api.metric.MetricFactory";
            assertThat(loaded.plugins()).singleElement().satisfies(p -> assertThat(p.warnings()).containsExactly(
                    "class test.half.Derived implements MetricFactory but is not listed in " + services + ", so it is not registered",
                    "class test.half.Forgotten implements MetricFactory but is not listed in " + services + ", so it is not registered"));
            assertThat(PluginListing.lines(loaded)).contains("  warning: class test.half.Forgotten implements MetricFactory but is not listed in "
                    + services + ", so it is not registered");
            assertThat(loaded.errors()).singleElement().extracting(PluginError::message).isEqualTo("plugin " + dir.resolve("none.jar")
                    + " not loaded: plugin 'none' registers no components: it has no file META-INF/services/<factory interface> listing its "
                    + "factory classes (class test.none.Unlisted implements MetricFactory but is not listed in " + services
                    + ", so it is not registered); see docs/plugins.md");
        }
    }

    @Test
    void aNullPointerExceptionInAPluginsCreateIsReportedAsABugOfThatPluginWithItsStackTrace() throws Exception {
        Path dir = plugins();
        new PluginArchives(work, "npe")
                .metric("test.npe.NpeMetric", constantMetric("test.npe", "NpeMetric", "npe", "")
                        .replace("double value = config.getDouble(\"value\");", "String missing = null; double value = missing.length();"))
                .referenceConf(defaults("npe", 1.0))
                .jar(dir.resolve("npe.jar"));
        try (PluginComponents loaded = load(dir, List.of())) {
            MetricFactory factory = (MetricFactory) loaded.registrations().get(0).factory();
            Config config = loaded.config().getConfig(ComponentKind.METRIC.defaultsPath("npe"));
            assertThatThrownBy(() -> io.deepbootstrap.core.experiment.ComponentCalls.create("evaluation.metrics[3]", "npe", factory,
                    () -> factory.create(config, CONTEXT)))
                    .isInstanceOf(io.deepbootstrap.core.experiment.ComponentFailure.class)
                    .hasMessage("evaluation.metrics[3] (npe): test.npe.NpeMetric of plugin 'npe' failed in create() with an unexpected "
                            + "java.lang.NullPointerException: " + npeMessage(factory, config)
                            + " (a bug in the component, see the stack trace)")
                    .cause().isInstanceOf(NullPointerException.class)
                    .satisfies(e -> assertThat(e.getStackTrace()[0].getClassName()).isEqualTo("test.npe.NpeMetric"));
        }
    }

    private static String npeMessage(MetricFactory factory, Config config) {
        try {
            factory.create(config, CONTEXT);
            throw new AssertionError("no NullPointerException");
        } catch (NullPointerException e) {
            return e.getMessage();
        }
    }

    @Test
    void usingAComponentOfAPluginThatFailedNamesTheFailure() throws Exception {
        Path dir = plugins();
        new PluginArchives(work, "future").manifest("Plugin-Requires", "0.99.0")
                .metric("test.future.FutureMetric", constantMetric("test.future", "FutureMetric", "future", ""))
                .referenceConf(defaults("future", 1.0))
                .jar(dir.resolve("future.jar"));
        Files.write(dir.resolve("broken.zip"), new byte[] {1, 2, 3});
        try (PluginComponents loaded = load(dir, List.of())) {
            ComponentRegistry registry = new ComponentRegistry(List.of(ComponentRegistration.builtIn(new BuiltInError())), loaded.errors());
            assertThatThrownBy(() -> registry.factory(ComponentKind.METRIC, "future"))
                    .isInstanceOf(UnknownComponentException.class)
                    .hasMessage("metric type 'future' is not available: plugin " + dir.resolve("future.jar") + " not loaded: plugin 'future' "
                            + "was built against API 0.99.0 but this application provides API " + ApiVersion.current()
                            + "; before 1.0 a plugin needs the same minor version (0." + ApiVersion.current().split("\\.")[1]
                            + ".x): rebuild it against API " + ApiVersion.current());
            // a name no failed plugin declares: the failures are listed, not the plugins folder hint
            assertThatThrownBy(() -> registry.factory(ComponentKind.METRIC, "other"))
                    .hasMessageStartingWith("unknown metric type 'other'; known: error (2 plugin problem(s) at start-up: plugin ")
                    .hasMessageContaining("broken.zip not loaded: corrupt archive").hasMessageNotContaining("plugins folder");
        }
    }

    @Test
    void severalFoldersLoadInOrderAndALaterCopyOfAPluginIsAnError() throws Exception {
        Path bundled = Files.createDirectories(work.resolve("dist/plugins"));
        Path user = Files.createDirectories(work.resolve("user-plugins"));
        new PluginArchives(work, "constant")
                .metric("test.constant.ConstantMetric", constantMetric("test.constant", "ConstantMetric", "constant", ""))
                .referenceConf(defaults("constant", 0.25))
                .zip(bundled.resolve("constant.zip"));
        new PluginArchives(work, "constant")
                .metric("test.constant.ConstantMetric", constantMetric("test.constant", "ConstantMetric", "constant", ""))
                .referenceConf(defaults("constant", 0.5))
                .zip(user.resolve("constant.zip"));
        new PluginArchives(work, "other")
                .metric("test.other.OtherMetric", constantMetric("test.other", "OtherMetric", "other", ""))
                .referenceConf(defaults("other", 0.5))
                .jar(user.resolve("a-other.jar"));
        try (PluginComponents loaded = PluginSystem.load(List.of(bundled, user, work.resolve("absent")), APP, List.of(),
                ApiVersion.current(), new PluginTempFolders(work))) {
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
    void theCoreModuleJoinsBuiltInsAndPluginComponentsInOneRegistry() throws Exception {
        Path dir = plugins();
        new PluginArchives(work, "constant")
                .metric("test.constant.ConstantMetric", constantMetric("test.constant", "ConstantMetric", "constant", ""))
                .referenceConf(defaults("constant", 0.25))
                .jar(dir.resolve("constant.jar"));
        Files.write(dir.resolve("broken.jar"), new byte[] {1});
        try (PluginComponents loaded = load(dir, List.of())) {
            var injector = Guice.createInjector(new CoreModule(APP, List.of(ComponentRegistration.builtIn(new BuiltInError())), loaded));
            ComponentRegistry registry = injector.getInstance(ComponentRegistry.class);
            assertThat(registry.names(ComponentKind.METRIC)).containsExactly("constant", "error");
            assertThat(registry.registrations(ComponentKind.METRIC).get(0).fromPlugin()).isTrue();
            assertThat(registry.registrations(ComponentKind.METRIC).get(1).fromPlugin()).isFalse();
            assertThat(registry.failures()).extracting(f -> f.message()).singleElement().asString().contains("broken.jar not loaded");
            assertThat(injector.getInstance(ComponentRegistry.class)).isSameAs(registry);
            assertThat(injector.getInstance(PluginComponents.class)).isSameAs(loaded);
        }
    }

    @Test
    void listingShowsPluginsComponentsAndErrors() throws Exception {
        Path dir = plugins();
        new PluginArchives(work, "constant")
                .metric("test.constant.ConstantMetric", constantMetric("test.constant", "ConstantMetric", "constant", ""))
                .referenceConf(defaults("constant", 0.25))
                .jar(dir.resolve("constant.jar"));
        Files.write(dir.resolve("broken.zip"), new byte[] {1, 2, 3});
        try (PluginComponents loaded = load(dir, List.of())) {
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
    void builtInsAreFoundLikePluginComponents() {
        ClassLoader cl = getClass().getClassLoader();
        List<ComponentRegistration> builtIns = BuiltInComponents.discover(cl, io.deepbootstrap.core.config.ConfigLoader.defaults(cl));
        assertThat(builtIns).extracting(ComponentRegistration::name).contains("error", "soft-error", "loss");
        assertThat(builtIns).allSatisfy(r -> {
            assertThat(r.origin()).isEqualTo("built-in");
            assertThat(r.fromPlugin()).isFalse();
        });
        assertThatThrownBy(() -> BuiltInComponents.discover(cl, ConfigFactory.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no defaults");
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
