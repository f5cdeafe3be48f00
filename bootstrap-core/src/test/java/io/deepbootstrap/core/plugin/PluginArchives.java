package io.deepbootstrap.core.plugin;

import com.typesafe.config.Config;
import io.deepbootstrap.api.ComponentFactory;
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
import org.pf4j.ExtensionPoint;

/**
 * Builds real plugin archives in tests (after PF4J's PluginJar / PluginZip test helpers): compiles Java
 * sources against the SPI with the system compiler and packs them, with a manifest, an extension index
 * and a reference.conf, as a jar or as a zip with {@code classes/} and {@code lib/*.jar}.
 */
final class PluginArchives {
    private final Path work;
    private final String id;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, Path> libs = new LinkedHashMap<>();
    private final List<String> extensions = new ArrayList<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private String referenceConf;
    private boolean writeIndex = true;

    PluginArchives(Path work, String id) {
        this.work = work;
        this.id = id;
        manifest.put("Plugin-Id", id);
        manifest.put("Plugin-Version", "1.0.0");
        manifest.put("Plugin-Requires", "0.1.0");
        manifest.put("Plugin-Provider", "tests");
    }

    /** @param className binary name @param source its source; listed in extensions.idx if it has @Extension */
    PluginArchives source(String className, String source) {
        sources.put(className, source);
        if (source.contains("@Extension")) {
            extensions.add(className);
        }
        return this;
    }

    PluginArchives extension(String className) {
        extensions.add(className);
        return this;
    }

    PluginArchives noIndex() {
        writeIndex = false;
        return this;
    }

    PluginArchives referenceConf(String text) {
        referenceConf = text;
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

    /** @param jar a library jar bundled in lib/ (zip) and put on the compile class path */
    PluginArchives lib(Path jar) {
        libs.put(jar.getFileName().toString(), jar);
        return this;
    }

    Path jar(Path target) {
        Path classes = compile();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest())) {
            addTree(out, classes, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    Path zip(Path target) {
        Path classes = compile();
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            out.putNextEntry(new ZipEntry("classes/META-INF/MANIFEST.MF"));
            manifest().write(out);
            out.closeEntry();
            addTree(out, classes, "classes/");
            for (Map.Entry<String, Path> lib : libs.entrySet()) {
                out.putNextEntry(new ZipEntry("lib/" + lib.getKey()));
                Files.copy(lib.getValue(), out);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
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
        Path classes = compile(work.resolve("classes-" + id + "-" + System.nanoTime()), sources, List.copyOf(libs.values()));
        try {
            if (writeIndex) {
                Path index = classes.resolve("META-INF/extensions.idx");
                Files.createDirectories(index.getParent());
                Files.writeString(index, String.join("\n", extensions) + "\n");
            }
            if (referenceConf != null) {
                Files.writeString(classes.resolve("reference.conf"), referenceConf);
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
            for (Class<?> c : List.of(ComponentFactory.class, Config.class, ExtensionPoint.class, INDArray.class)) {
                classPath.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            }
            extraClassPath.forEach(p -> classPath.add(p.toString()));
            List<String> args = new ArrayList<>(List.of("-proc:none", "-d", classes.toString(), "-classpath",
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

    /** Source of a metric factory plugin class that returns a configured constant. */
    static String constantMetric(String pkg, String simpleName, String name, String constructorBody) {
        return """
                package %s;

                import com.typesafe.config.Config;
                import io.deepbootstrap.api.metric.Metric;
                import io.deepbootstrap.api.metric.MetricContext;
                import io.deepbootstrap.api.metric.MetricFactory;
                import org.pf4j.Extension;

                @Extension
                public class %s implements MetricFactory {
                    public %s() { %s }
                    @Override public String name() { return "%s"; }
                    @Override public String description() { return "constant metric from a test plugin"; }
                    @Override public Metric create(Config config, MetricContext context) {
                        double value = config.getDouble("value");
                        return (probabilities, labels, count, numClasses) -> value;
                    }
                }
                """.formatted(pkg, simpleName, simpleName, constructorBody, name);
    }

    static String defaults(String name, double value) {
        return "bootstrap.components.metric." + name + " { value = " + value + " }\n";
    }
}
