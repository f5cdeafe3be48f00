package io.deepbootstrap.testkit;

import io.deepbootstrap.core.plugin.ApiVersion;
import io.deepbootstrap.testkit.sample.LabelShareMetric;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Packs the sample plugin ({@link LabelShareMetric}, its services file, its reference.conf) as a plugin jar. */
final class SamplePluginJar {
    private SamplePluginJar() {
    }

    static Path write(Path file, boolean withServices) throws IOException, URISyntaxException {
        Path classes = Path.of(LabelShareMetric.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", "sample");
        main.putValue("Plugin-Version", "1.0.0");
        main.putValue("Plugin-Requires", ApiVersion.current());
        main.putValue("Plugin-Provider", "the test kit's tests");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest);
             Stream<Path> sample = Files.list(classes.resolve("io/deepbootstrap/testkit/sample"))) {
            List<String> entries = new java.util.ArrayList<>(sample.map(p -> classes.relativize(p).toString().replace('\\', '/')).toList());
            entries.add("reference.conf");
            if (withServices) {
                entries.add("META-INF/services/io.deepbootstrap.api.metric.MetricFactory");
            }
            for (String entry : entries) {
                jar.putNextEntry(new JarEntry(entry));
                jar.write(Files.readAllBytes(classes.resolve(entry)));
                jar.closeEntry();
            }
        }
        return file;
    }
}
