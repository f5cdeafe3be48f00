package io.deepbootstrap.core.plugin;

import com.typesafe.config.Config;
import io.deepbootstrap.api.ComponentFactory;
import io.deepbootstrap.api.metric.MetricFactory;
import io.deepbootstrap.core.registry.ComponentRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Builds real plugin archives in tests (after PF4J's PluginJar / PluginZip test helpers): compiles Java
 * sources with the system compiler against the SPI (and, for tests of the boundary, the core), and packs
 * them with a manifest, provider-configuration files ({@code META-INF/services/...}) and a reference.conf,
 * as a jar (bundled libraries inside it as {@code lib/*.jar}) or as a zip with {@code classes/} and
 * {@code lib/*.jar}.
 */
final class PluginArchives {
    /** The API version test plugins declare unless told otherwise. */
    static final String REQUIRES = ApiVersion.current();

    private final Path work;
    private final String id;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, Path> libs = new LinkedHashMap<>();
    private final List<Path> compileOnly = new ArrayList<>();
    private final Map<String, Path> bundled = new LinkedHashMap<>();
    private final Map<String, List<String>> services = new LinkedHashMap<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final Map<String, byte[]> rawEntries = new LinkedHashMap<>();
    private String referenceConf;

    PluginArchives(Path work, String id) {
        this.work = work;
        this.id = id;
        manifest.put("Plugin-Id", id);
        manifest.put("Plugin-Version", "1.0.0");
        manifest.put("Plugin-Requires", REQUIRES);
        manifest.put("Plugin-Provider", "tests");
    }

    /** @param className binary name @param source its source (not registered as a component) */
    PluginArchives source(String className, String source) {
        sources.put(className, source);
        return this;
    }

    /** A metric factory class, listed in META-INF/services/...MetricFactory. */
    PluginArchives metric(String className, String source) {
        return source(className, source).service(MetricFactory.class, className);
    }

    /** @param factoryType a factory interface @param className a class listed in its provider-configuration file */
    PluginArchives service(Class<? extends ComponentFactory<?, ?>> factoryType, String className) {
        services.computeIfAbsent(factoryType.getName(), k -> new ArrayList<>()).add(className);
        return this;
    }

    PluginArchives referenceConf(String text) {
        referenceConf = text;
        return this;
    }

    /** @param name an entry of the plugin's classes @param content its bytes (e.g. a hand-made class file) */
    PluginArchives raw(String name, byte[] content) {
        rawEntries.put(name, content);
        return this;
    }

    /** @param name manifest attribute @param value its value, or null to drop it */
    PluginArchives manifest(String name, String value) {
        if (value == null) {
            manifest.remove(name);
        } else {
            manifest.put(name, value);
        }
        return this;
    }

    /** @param jar a library jar bundled in lib/ and put on the compile class path */
    PluginArchives lib(Path jar) {
        libs.put(jar.getFileName().toString(), jar);
        return this;
    }

    /** @param file a file bundled in lib/ but not compiled against (e.g. a broken jar) */
    PluginArchives bundleOnly(Path file) {
        bundled.put(file.getFileName().toString(), file);
        return this;
    }

    /** @param jar a library the sources compile against but the plugin does not bundle */
    PluginArchives compileAgainst(Path jar) {
        compileOnly.add(jar);
        return this;
    }

    /** The jar layout: classes at the root, bundled libraries as lib/*.jar entries. */
    Path jar(Path target) {
        Path classes = compile();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest())) {
            addTree(out, classes, "");
            addLibs(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** The zip layout: classes/ and lib/*.jar. */
    Path zip(Path target) {
        Path classes = compile();
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            out.putNextEntry(new ZipEntry("classes/META-INF/MANIFEST.MF"));
            manifest().write(out);
            out.closeEntry();
            addTree(out, classes, "classes/");
            addLibs(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private void addLibs(ZipOutputStream out) throws IOException {
        Map<String, Path> all = new LinkedHashMap<>(libs);
        all.putAll(bundled);
        for (Map.Entry<String, Path> lib : all.entrySet()) {
            out.putNextEntry(new ZipEntry("lib/" + lib.getKey()));
            Files.copy(lib.getValue(), out);
            out.closeEntry();
        }
    }

    /** Compiles sources into a plain jar (a library, no plugin metadata). */
    static Path library(Path work, Path target, Map<String, String> sources) {
        Path classes = compile(work.resolve("lib-" + target.getFileName()), sources, List.of());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), new Manifest())) {
            addTree(out, classes, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private Manifest manifest() {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
        return m;
    }

    private Path compile() {
        List<Path> classPath = new ArrayList<>(libs.values());
        classPath.addAll(compileOnly);
        Path classes = compile(work.resolve("classes-" + id + "-" + System.nanoTime()), sources, classPath);
        try {
            for (Map.Entry<String, List<String>> service : services.entrySet()) {
                Path file = classes.resolve("META-INF/services/" + service.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, "# test plugin " + id + "\n" + String.join("\n", service.getValue()) + "\n");
            }
            if (referenceConf != null) {
                Files.writeString(classes.resolve("reference.conf"), referenceConf);
            }
            for (Map.Entry<String, byte[]> raw : rawEntries.entrySet()) {
                Path file = classes.resolve(raw.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, raw.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }

    private static Path compile(Path classes, Map<String, String> sources, List<Path> extraClassPath) {
        try {
            Path src = classes.resolveSibling(classes.getFileName() + "-src");
            Files.createDirectories(classes);
            List<String> files = new ArrayList<>();
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                files.add(file.toString());
            }
            if (files.isEmpty()) {
                return classes;
            }
            List<String> classPath = new ArrayList<>();
            // the SPI, Typesafe Config, ND4J, and the core (so that tests can write plugins that misuse it)
            for (Class<?> c : List.of(ComponentFactory.class, Config.class, INDArray.class, ComponentRegistry.class)) {
                classPath.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            }
            extraClassPath.forEach(p -> classPath.add(p.toString()));
            List<String> args = new ArrayList<>(List.of("-proc:none", "--release", "17", "-d", classes.toString(), "-classpath",
                    String.join(java.io.File.pathSeparator, classPath)));
            args.addAll(files);
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
            int status = compiler.run(null, null, errors, args.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException("test plugin sources do not compile:\n" + errors.toString(StandardCharsets.UTF_8));
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addTree(ZipOutputStream out, Path root, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String name = prefix + root.relativize(file).toString().replace('\\', '/');
            if (name.endsWith("META-INF/MANIFEST.MF")) {
                continue;
            }
            out.putNextEntry(out instanceof JarOutputStream ? new JarEntry(name) : new ZipEntry(name));
            Files.copy(file, (OutputStream) out);
            out.closeEntry();
        }
    }

    /**
     * Source of a metric factory plugin class that returns a configured constant.
     *
     * @param pkg its package
     * @param simpleName its simple name
     * @param name the component name
     * @param constructorBody statements of its constructor
     * @return the source
     */
    static String constantMetric(String pkg, String simpleName, String name, String constructorBody) {
        return constantMetric(pkg, simpleName, name, constructorBody, "\"constant metric from a test plugin\"", "");
    }

    /**
     * As {@link #constantMetric(String, String, String, String)}, with the expression {@code description()}
     * returns and extra members.
     */
    static String constantMetric(String pkg, String simpleName, String name, String constructorBody, String description,
                                 String members) {
        return """
                package %s;

                import com.typesafe.config.Config;
                import io.deepbootstrap.api.metric.Metric;
                import io.deepbootstrap.api.metric.MetricContext;
                import io.deepbootstrap.api.metric.MetricFactory;

                public class %s implements MetricFactory {
                    public %s() { %s }
                    @Override public String name() { return "%s"; }
                    @Override public String description() { return %s; }
                    @Override public Metric create(Config config, MetricContext context) {
                        double value = config.getDouble("value");
                        return (probabilities, labels, count, numClasses) -> value;
                    }
                    %s
                }
                """.formatted(pkg, simpleName, simpleName, constructorBody, name, description, members);
    }

    static String defaults(String name, double value) {
        return "bootstrap.components.metric." + name + " { value = " + value + " }\n";
    }
}
