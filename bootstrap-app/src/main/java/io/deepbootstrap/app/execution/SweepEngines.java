package io.deepbootstrap.app.execution;

import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.settings.ExecutionSection;
import io.deepbootstrap.core.execution.SweepEngine;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds the sweep engine {@code execution.engine} names. Spark's engine lives in the distribution's
 * {@code lib/spark/} folder, which is put on a class path (an {@link EngineClassLoader}) only here, when a
 * sweep asks for it: a local run never loads a Spark class. Under spark-submit, where Spark is already on
 * the class path, the engine is taken from there.
 */
public final class SweepEngines {
    /** System property naming the Spark engine's library folder (default: {@code <bootstrap.home>/lib/spark}). */
    public static final String SPARK_LIB = "bootstrap.spark.lib";

    private SweepEngines() {
    }

    /**
     * @param execution the execution settings (engine {@code spark})
     * @return the engine
     * @throws ConfigError if the engine's libraries are not installed
     */
    public static SweepEngine load(ExecutionSection execution) {
        String name = execution.engine().id();
        ClassLoader app = SweepEngines.class.getClassLoader();
        ClassLoader loader = onClassPath("org.apache.spark.SparkContext", app) ? app : new EngineClassLoader(jars(sparkLib()), app);
        for (SweepEngine engine : ServiceLoader.load(SweepEngine.class, loader)) {
            if (engine.name().equals(name)) {
                return engine;
            }
        }
        throw new ConfigError("execution.engine = " + name + ": no such engine in " + sparkLib()
                + " (expected the bootstrap-spark jar there; rebuild the distribution with mvn install)");
    }

    /** @return the folder holding Spark's libraries and the Spark engine */
    static Path sparkLib() {
        String configured = System.getProperty(SPARK_LIB);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String home = System.getProperty("bootstrap.home");
        return (home != null ? Path.of(home) : Path.of("")).toAbsolutePath().resolve("lib").resolve("spark");
    }

    private static List<URL> jars(Path dir) {
        List<URL> urls = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(p.toUri().toURL());
                }
            } catch (IOException e) {
                throw new ConfigError("execution.engine = spark: cannot list " + dir + ": " + e.getMessage());
            }
        }
        if (urls.isEmpty()) {
            throw new ConfigError("execution.engine = spark: Spark's libraries are not installed: " + dir
                    + " holds no jars (build the distribution with mvn install, which fills lib/spark/)");
        }
        return urls;
    }

    private static boolean onClassPath(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
