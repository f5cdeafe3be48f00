package io.deepbootstrap.app.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.execution.SweepEngine;
import io.deepbootstrap.core.settings.ExecutionSection;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineClassLoaderTest {
    @TempDir
    Path dir;

    /** A jar holding the application's own copy of a shared library class and core's interface, plus a service file. */
    private Path engineJar() throws IOException {
        Path jar = dir.resolve("engine.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            copy(out, ObjectMapper.class);           // a library both sides have: the engine's copy must win
            copy(out, SweepEngine.class);            // framework core: must always come from the application
            out.putNextEntry(new JarEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"));
            out.write("engine.Provider\n".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new JarEntry("only-in-engine.txt"));
            out.write("x".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static void copy(JarOutputStream out, Class<?> type) throws IOException {
        String name = type.getName().replace('.', '/') + ".class";
        out.putNextEntry(new JarEntry(name));
        try (var in = type.getClassLoader().getResourceAsStream(name)) {
            in.transferTo(out);
        }
    }

    @Test
    void theEnginesLibrariesWinButTheFrameworkAndTheJdkComeFromTheApplication() throws Exception {
        ClassLoader app = getClass().getClassLoader();
        try (EngineClassLoader loader = new EngineClassLoader(List.of(engineJar().toUri().toURL()), app)) {
            Class<?> mapper = loader.loadClass(ObjectMapper.class.getName());
            assertThat(mapper.getClassLoader()).isSameAs(loader);
            assertThat(mapper).isNotSameAs(ObjectMapper.class);
            assertThat(loader.loadClass(SweepEngine.class.getName())).isSameAs(SweepEngine.class);
            assertThat(loader.loadClass(String.class.getName())).isSameAs(String.class);
            // a class the engine's jars do not have comes from the application
            assertThat(loader.loadClass(ConfigError.class.getName())).isSameAs(ConfigError.class);
            assertThat(loader.getResource("only-in-engine.txt")).isNotNull();
        }
    }

    @Test
    void serviceFilesOfTheEngineHideTheApplications() throws Exception {
        ClassLoader app = getClass().getClassLoader();
        String service = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";
        assertThat(Collections.list(app.getResources(service))).as("the application's logging provider").isNotEmpty();
        try (EngineClassLoader loader = new EngineClassLoader(List.of(engineJar().toUri().toURL()), app)) {
            List<URL> found = Collections.list(loader.getResources(service));
            assertThat(found).hasSize(1);
            assertThat(found.get(0).toString()).contains("engine.jar");
            // other resources are the engine's first, then the application's
            assertThat(Collections.list(loader.getResources("reference.conf"))).isNotEmpty();
        }
    }

    @Test
    void aMissingSparkLibraryIsAConfigurationErrorNamingTheFolder() {
        String previous = System.getProperty(SweepEngines.SPARK_LIB);
        System.setProperty(SweepEngines.SPARK_LIB, dir.resolve("nowhere").toString());
        try {
            ExecutionSection spark = new ExecutionSection(ExecutionSection.Engine.SPARK, "local[2]", 1, 4, "WARN", Map.of());
            assertThatThrownBy(() -> SweepEngines.load(spark)).isInstanceOf(ConfigError.class)
                    .hasMessage("execution.engine = spark: Spark's libraries are not installed: " + dir.resolve("nowhere")
                            + " holds no jars (build the distribution with mvn install, which fills lib/spark/)");
        } finally {
            if (previous == null) {
                System.clearProperty(SweepEngines.SPARK_LIB);
            } else {
                System.setProperty(SweepEngines.SPARK_LIB, previous);
            }
        }
    }
}
