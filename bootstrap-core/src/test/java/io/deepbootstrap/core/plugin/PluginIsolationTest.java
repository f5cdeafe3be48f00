package io.deepbootstrap.core.plugin;

import static io.deepbootstrap.core.plugin.PluginArchives.constantMetric;
import static io.deepbootstrap.core.plugin.PluginArchives.defaults;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.metric.MetricFactory;
import io.deepbootstrap.core.registry.ComponentRegistration;
import io.deepbootstrap.testlib.Greeting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.util.FastMath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin boundary: what a plugin's classes may refer to (checked before they load), and which copy of
 * a class a plugin gets at run time.
 */
class PluginIsolationTest {
    /** commons-math3 3.6.1, copied by the build; the application has 3.5 (through ND4J). */
    private static final Path MATH_361 = Path.of("target/test-libs/commons-math3-3.6.1.jar");

    @TempDir
    Path work;

    private PluginComponents load(Path dir) {
        return PluginSystem.load(List.of(dir), PluginSystemTest.APP, List.of(), ApiVersion.current(), new PluginTempFolders(work));
    }

    private Path plugins() throws Exception {
        return Files.createDirectories(work.resolve("plugins"));
    }

    /** A metric whose description says where commons-math3's FastMath came from. */
    private PluginArchives mathPlugin(String id) {
        return new PluginArchives(work, id)
                .metric("test.math.MathMetric", constantMetric("test.math", "MathMetric", id, "",
                        "org.apache.commons.math3.util.FastMath.class.getProtectionDomain().getCodeSource().getLocation().toString()"
                                + " + \" \" + org.apache.commons.math3.util.FastMath.sqrt(16.0)", ""))
                .referenceConf(defaults(id, 1.0))
                .compileAgainst(MATH_361);
    }

    @Test
    void aPluginBundlingAnotherVersionOfAnApplicationLibraryUsesItsOwnAsJarAndAsZip() throws Exception {
        assertThat(MATH_361).exists();
        String appCopy = FastMath.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertThat(appCopy).endsWith("commons-math3-3.5.jar");
        Path dir = plugins();
        mathPlugin("math-jar").lib(MATH_361).jar(dir.resolve("math-jar.jar"));
        mathPlugin("math-zip").lib(MATH_361).zip(dir.resolve("math-zip.zip"));
        try (PluginComponents loaded = load(dir)) {
            assertThat(loaded.errors()).isEmpty();
            assertThat(loaded.registrations()).hasSize(2).allSatisfy(r -> {
                assertThat(r.factory().description()).matches(".*/lib/commons-math3-3\\.6\\.1\\.jar 4\\.0");
                assertThat(r.factory().description()).doesNotContain(appCopy);
            });
        }
    }

    @Test
    void aPluginUsingAnApplicationLibraryWithoutBundlingItIsRefusedNamingTheLibrary() throws Exception {
        Path dir = plugins();
        mathPlugin("math-none").jar(dir.resolve("math-none.jar"));
        try (PluginComponents loaded = load(dir)) {
            assertThat(loaded.plugins()).isEmpty();
            assertThat(loaded.errors()).singleElement().extracting(PluginError::message).asString()
                    .startsWith("plugin " + dir.resolve("math-none.jar") + " not loaded: plugin 'math-none' refers to classes plugins cannot see: "
                            + "test.math.MathMetric uses org.apache.commons.math3.util.FastMath (from commons-math3-3.5.jar, a library of "
                            + "the application that plugins do not see). Plugins see only " + PluginBoundary.summary())
                    .endsWith("; bundle any other library with the plugin (lib/*.jar)");
        }
    }

    @Test
    void aPluginReferringToAnInternalClassIsRefusedBeforeItsClassesLoad() throws Exception {
        Path dir = plugins();
        new PluginArchives(work, "sneaky")
                .metric("test.sneaky.SneakyMetric", constantMetric("test.sneaky", "SneakyMetric", "sneaky", "", "\"sneaky\"",
                        "static { LOADED = true; } public static boolean LOADED;"
                                + " int known(io.deepbootstrap.core.registry.ComponentRegistry r) { return r.all().size(); }"))
                .source("test.sneaky.Helper", "package test.sneaky; class Helper { Object x = new io.deepbootstrap.core.plugin.PluginListing[0]; }")
                .referenceConf(defaults("sneaky", 1.0))
                .jar(dir.resolve("sneaky.jar"));
        try (PluginComponents loaded = load(dir)) {
            assertThat(loaded.plugins()).isEmpty();
            assertThat(loaded.errors()).singleElement().extracting(PluginError::message).asString()
                    .contains("not loaded: plugin 'sneaky' refers to classes plugins cannot see: "
                            + "test.sneaky.Helper uses io.deepbootstrap.core.plugin.PluginListing (internal to the application); "
                            + "test.sneaky.SneakyMetric uses io.deepbootstrap.core.registry.ComponentRegistry (internal to the application). "
                            + "Plugins see only ");
            // contributes nothing, and none of its classes was initialised
            assertThat(loaded.config().hasPath("bootstrap.components.metric.sneaky")).isFalse();
        }
    }

    @Test
    void aPluginReferringToTheToolkitsInternalPackageIsRefusedNamingTheClass() throws Exception {
        Path dir = plugins();
        // a stand-in with the toolkit's name to compile against (the core's tests do not depend on the toolkit)
        Path toolkit = new PluginArchives(work, "toolkit-stand-in")
                .source("io.deepbootstrap.toolkit.internal.Nd4jRuntime",
                        "package io.deepbootstrap.toolkit.internal; public final class Nd4jRuntime { public static void setThreads(int n) { } }")
                .jar(work.resolve("toolkit-stand-in.jar"));
        new PluginArchives(work, "threads")
                .metric("test.threads.ThreadsMetric", constantMetric("test.threads", "ThreadsMetric", "threads", "", "\"threads\"",
                        "void tune() { io.deepbootstrap.toolkit.internal.Nd4jRuntime.setThreads(1); }"))
                .referenceConf(defaults("threads", 1.0))
                .compileAgainst(toolkit)
                .jar(dir.resolve("threads.jar"));
        try (PluginComponents loaded = load(dir)) {
            assertThat(loaded.plugins()).isEmpty();
            assertThat(loaded.errors()).singleElement().extracting(PluginError::message).asString()
                    .contains("not loaded: plugin 'threads' refers to classes plugins cannot see: test.threads.ThreadsMetric uses "
                            + "io.deepbootstrap.toolkit.internal.Nd4jRuntime (internal to the application). Plugins see only ");
        }
    }

    @Test
    void aPluginBuiltForANewerJavaIsRefusedNamingTheVersion() throws Exception {
        Path dir = plugins();
        byte[] classFile = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 99};
        new PluginArchives(work, "future-java")
                .metric("test.fj.Ok", constantMetric("test.fj", "Ok", "ok", ""))
                .raw("test/fj/Newer.class", classFile)
                .jar(dir.resolve("future-java.jar"));
        try (PluginComponents loaded = load(dir)) {
            assertThat(loaded.errors()).singleElement().extracting(PluginError::message).asString()
                    .endsWith("not loaded: class test.fj.Newer was compiled for Java 55 (class file version 99); this application runs on Java "
                            + Runtime.version().feature() + ": compile the plugin with --release " + Runtime.version().feature() + " or lower");
        }
    }

    @Test
    void atRunTimeAPluginSeesNeitherInternalClassesNorUnsharedLibraries() throws Exception {
        Path dir = plugins();
        String probe = """
                probe("io.deepbootstrap.core.plugin.PluginSystem") + probe("com.google.common.collect.ImmutableList")
                        + probe("io.deepbootstrap.api.ComponentKind") + probe("org.nd4j.linalg.factory.Nd4j")
                        + probe("com.typesafe.config.Config") + probe("javax.xml.parsers.DocumentBuilder")
                """;
        new PluginArchives(work, "probe")
                .metric("test.probe.Probe", constantMetric("test.probe", "Probe", "probe", "", probe, """
                        private String probe(String name) {
                            try {
                                Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                                return name + (c.getClassLoader() == MetricFactory.class.getClassLoader() ? "=app " : "=jdk ");
                            } catch (ClassNotFoundException e) {
                                return name + "=hidden ";
                            }
                        }
                        """))
                .referenceConf(defaults("probe", 1.0))
                .jar(dir.resolve("probe.jar"));
        try (PluginComponents loaded = load(dir)) {
            assertThat(loaded.errors()).isEmpty();
            assertThat(loaded.registrations().get(0).factory().description()).isEqualTo("io.deepbootstrap.core.plugin.PluginSystem=hidden "
                    + "com.google.common.collect.ImmutableList=hidden io.deepbootstrap.api.ComponentKind=app org.nd4j.linalg.factory.Nd4j=app "
                    + "com.typesafe.config.Config=app javax.xml.parsers.DocumentBuilder=jdk ");
        }
    }

    @Test
    void aZipPluginUsesItsOwnVersionOfABundledLibrary() throws Exception {
        Path dir = plugins();
        Path greetingJar = PluginArchives.library(work, work.resolve("greeting-2.0.jar"), Map.of("io.deepbootstrap.testlib.Greeting", """
                package io.deepbootstrap.testlib;
                public final class Greeting {
                    public static String text() { return "plugin copy 2.0"; }
                }
                """));
        new PluginArchives(work, "zipped")
                .metric("test.zipped.ZippedMetric", constantMetric("test.zipped", "ZippedMetric", "zipped", "",
                        "io.deepbootstrap.testlib.Greeting.text()", ""))
                .lib(greetingJar)
                .referenceConf(defaults("zipped", 0.5))
                .zip(dir.resolve("zipped-1.0.0.zip"));
        try (PluginComponents loaded = load(dir)) {
            assertThat(loaded.errors()).isEmpty();
            ComponentRegistration registration = loaded.registrations().get(0);
            assertThat(registration.origin()).isEqualTo("plugin zipped (zipped-1.0.0.zip)");
            assertThat(registration.factory().description()).isEqualTo("plugin copy 2.0");
            assertThat(Greeting.text()).isEqualTo("app copy 1.0");
            assertThat(PluginSystemTest.evaluate(registration, loaded.config())).isEqualTo(0.5);
        }
    }

    @Test
    void aBundledLibraryThatIsNotAJarIsRefusedNamingIt() throws Exception {
        Path dir = plugins();
        Path garbage = Files.write(work.resolve("broken-lib.jar"), new byte[] {'n', 'o', 'p', 'e'});
        new PluginArchives(work, "garbage")
                .metric("test.garbage.G", constantMetric("test.garbage", "G", "g", ""))
                .referenceConf(defaults("g", 1.0))
                .bundleOnly(garbage)
                .zip(dir.resolve("garbage.zip"));
        new PluginArchives(work, "garbage-jar")
                .metric("test.garbage.H", constantMetric("test.garbage", "H", "h", ""))
                .referenceConf(defaults("h", 1.0))
                .bundleOnly(garbage)
                .jar(dir.resolve("garbage-jar.jar"));
        try (PluginComponents loaded = load(dir)) {
            assertThat(loaded.plugins()).isEmpty();
            assertThat(loaded.errors()).extracting(PluginError::message).containsExactly(
                    "plugin " + dir.resolve("garbage-jar.jar") + " not loaded: bundled library lib/broken-lib.jar is not a readable jar "
                            + "(zip END header not found)",
                    "plugin " + dir.resolve("garbage.zip") + " not loaded: bundled library lib/broken-lib.jar is not a readable jar "
                            + "(zip END header not found)");
        }
    }

    @Test
    void aBundledCopyOfTheApiIsIgnored() throws Exception {
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
                .metric("test.bundler.BundlerMetric", constantMetric("test.bundler", "BundlerMetric", "bundler", ""))
                .referenceConf(defaults("bundler", 1.0))
                .lib(apiCopy)
                .zip(dir.resolve("bundler.zip"));
        try (PluginComponents loaded = load(dir)) {
            // shared packages always come from the application, so the bundled copy is ignored and it works
            assertThat(loaded.errors()).isEmpty();
            assertThat(loaded.registrations()).extracting(ComponentRegistration::name).containsExactly("bundler");
            assertThat(loaded.registrations().get(0).factory()).isInstanceOf(MetricFactory.class);
        }
    }

    @Test
    void theBoundaryListsWhatPluginsSee() {
        assertThat(PluginBoundary.isShared("io.deepbootstrap.api.metric.MetricFactory")).isTrue();
        assertThat(PluginBoundary.isShared("io.deepbootstrap.toolkit.nn.Sequential")).isTrue();
        assertThat(PluginBoundary.isShared("io.deepbootstrap.toolkit.internal.Buffers")).isFalse();
        assertThat(PluginBoundary.isShared("org.nd4j.linalg.factory.Nd4j")).isTrue();
        assertThat(PluginBoundary.isShared("org.bytedeco.javacpp.Pointer")).isTrue();
        assertThat(PluginBoundary.isShared("org.pf4j.Plugin")).isTrue();
        assertThat(PluginBoundary.isShared("org.pf4j.PluginManager")).isFalse();
        assertThat(PluginBoundary.isShared("io.deepbootstrap.core.plugin.PluginSystem")).isFalse();
        assertThat(PluginBoundary.isShared("io.deepbootstrap.models.arch.Mlp")).isFalse();
        assertThat(PluginBoundary.isShared("com.google.inject.Guice")).isFalse();
        assertThat(PluginBoundary.isShared("com.typesafe.configx.Foo")).isFalse();
        assertThat(PluginBoundary.isApplicationInternal("io.deepbootstrap.data.idx.IdxPool")).isTrue();
        assertThat(PluginBoundary.isApplicationInternal("io.deepbootstrap.api.Batch")).isFalse();
        assertThat(PluginBoundary.isSharedResource("org/nd4j/linalg/factory/Nd4j.class")).isTrue();
        assertThat(PluginBoundary.isSharedResource("reference.conf")).isFalse();
        assertThat(PluginBoundary.isSharedResource("io/deepbootstrap/core/plugin/api-version.properties")).isFalse();
    }
}
