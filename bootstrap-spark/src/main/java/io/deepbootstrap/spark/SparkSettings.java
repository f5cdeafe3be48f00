package io.deepbootstrap.spark;

import io.deepbootstrap.core.settings.ExecutionSection;
import io.deepbootstrap.core.execution.SweepJob;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;

/**
 * The Spark configuration of a sweep: the execution section, what executors need to train runs exactly as
 * this process would (the same native build and thread count, the application's jars, child-first), and
 * quiet logging; then the user's {@code execution.spark-conf}, which wins. Settings that spark-submit already
 * made (master, jars) are kept.
 */
final class SparkSettings {
    /** System property the bundled log4j2 configuration reads its level from. */
    static final String LOG_LEVEL_PROPERTY = "bootstrap.spark.log-level";
    /**
     * The launcher's environment that executors must share for equal numbers and memory behaviour: OpenMP and
     * allocator settings, the BLAS library it preloads and the OpenBLAS kernels the user chose (a different BLAS, or
     * other kernels of the same one, round differently, so a run on an executor would not equal the same run here;
     * the library's path must exist on the executors' hosts too), also those the launcher chose from this
     * machine's CPU ({@link #executorEnv}).
     */
    private static final List<String> INHERITED_ENV = List.of("OMP_WAIT_POLICY", "OPENBLAS_THREAD_TIMEOUT",
            "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_ARENA_MAX", "LD_PRELOAD", "BOOTSTRAP_BLAS_LIBRARY",
            "OPENBLAS_CORETYPE");
    /**
     * Set by the launcher ({@code bin/bootstrap}) to the {@code OPENBLAS_CORETYPE} it chose itself from this machine's
     * CPU flags (SkylakeX on a CPU with AVX-512), as opposed to one the user set.
     */
    static final String LAUNCHER_CORE = "BOOTSTRAP_BLAS_CORETYPE_AUTO";

    private SparkSettings() {
    }

    /**
     * @param job the sweep
     * @param engine a class of this engine (its jar is shipped to executors)
     * @return the configuration to start Spark with
     */
    static SparkConf of(SweepJob job, Class<?> engine) {
        ExecutionSection x = job.execution();
        quietLogging(x);
        SparkConf conf = new SparkConf(); // includes spark.* system properties, e.g. from spark-submit
        conf.setIfMissing("spark.master", x.master());
        conf.setIfMissing("spark.app.name", "deep-bootstrap " + job.name());
        conf.set("spark.task.cpus", Integer.toString(x.taskCpus()));
        conf.set("spark.task.maxFailures", Integer.toString(x.maxFailures()));
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "localhost"); // tasks run in this JVM: no network needed
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        } else {
            executors(conf, x, engine);
        }
        x.sparkConf().forEach(conf::set);
        return conf;
    }

    private static void quietLogging(ExecutionSection x) {
        System.setProperty(LOG_LEVEL_PROPERTY, x.sparkLogLevel());
        if (System.getProperty("log4j2.configurationFile") == null) {
            var config = SparkSettings.class.getResource("log4j2.properties");
            if (config != null) {
                System.setProperty("log4j2.configurationFile", config.toString());
            }
        }
    }

    /**
     * Executors (other JVMs): one run at a time each ({@code spark.executor.cores} = task cpus, so a run's
     * native thread count is not shared with another run's), the heap of this process, the same native
     * build flags and allocator settings, the JVM options of {@link #executorJvmOptions}, and the application's
     * jars in front of Spark's.
     */
    private static void executors(SparkConf conf, ExecutionSection x, Class<?> engine) {
        Map<String, String> env = executorEnv(System.getenv(), x.taskCpus());
        env.forEach(conf::setExecutorEnv);
        conf.setIfMissing("spark.executor.cores", Integer.toString(x.taskCpus()));
        conf.setIfMissing("spark.executor.memory", (Runtime.getRuntime().maxMemory() >> 20) + "m");
        conf.setIfMissing("spark.executor.userClassPathFirst", "true");
        String nativeFlags = System.getProperties().stringPropertyNames().stream().sorted()
                .filter(k -> k.startsWith("org.bytedeco."))
                .map(k -> "-D" + k + "=" + System.getProperty(k)).collect(Collectors.joining(" "));
        String given = conf.get("spark.executor.extraJavaOptions", "");
        conf.set("spark.executor.extraJavaOptions",
                String.join(" ", given, String.join(" ", executorJvmOptions(env)), nativeFlags).trim());
        if (!conf.contains("spark.jars")) {
            conf.set("spark.jars", String.join(",", applicationJars(engine)));
        }
    }

    /**
     * The JVM options the launcher gives its own JVM and executors need as well: {@code --add-modules} of the Vector
     * API (the toolkit's fused optimizer updates, {@code OptimizerKernels}; without it an executor makes separate
     * native calls, slower, and with a BLAS that rounds its remainder elements twice not the same bits; Spark 4
     * adds it to executors too, this does not depend on it), and {@code -XX:+AdjustStackSizeForTLS} when the
     * executors preload a BLAS library ({@code LD_PRELOAD} in their environment: an OpenMP OpenBLAS's static
     * thread-local storage would overflow the JDK's small-stack threads, as in the launcher).
     *
     * @param executorEnv the executors' environment ({@link #executorEnv})
     * @return the options, in order
     */
    static List<String> executorJvmOptions(Map<String, String> executorEnv) {
        List<String> options = new ArrayList<>(List.of("--add-modules=jdk.incubator.vector"));
        if (executorEnv.containsKey("LD_PRELOAD")) {
            options.add("-XX:+AdjustStackSizeForTLS");
        }
        return options;
    }

    /**
     * The environment executors get: {@code OMP_NUM_THREADS} = the task's CPUs and this process's settings of
     * {@link #INHERITED_ENV}, including {@code OPENBLAS_CORETYPE}, whether the user set it or the launcher chose it
     * from this machine's CPU: the same kernels on every executor give the same numbers as a local run (OpenBLAS's
     * own choice on an executor could differ: 0.3.21 picks Cooperlake on AVX-512 CPUs with BF16, which rounds
     * differently from SkylakeX). A core the launcher chose is marked ({@value #LAUNCHER_CORE}) so that an executor
     * whose CPU lacks its instructions fails with a message saying so ({@link ExecutorKernels}) instead of crashing.
     *
     * @param env this process's environment
     * @param taskCpus the CPUs of one task
     * @return the executors' environment variables
     */
    static Map<String, String> executorEnv(Map<String, String> env, int taskCpus) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("OMP_NUM_THREADS", Integer.toString(taskCpus));
        for (String name : INHERITED_ENV) {
            String value = env.get(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        String core = env.get("OPENBLAS_CORETYPE");
        if (core != null && core.equals(env.get(LAUNCHER_CORE))) {
            out.put(LAUNCHER_CORE, core);
        }
        return out;
    }

    /**
     * The jars executors need, as {@code local:} URIs (read in place from the shared file system): every jar
     * of this process's class path (the application's lib/) and this engine's jar. Spark's own jars are not
     * on that class path (they are in lib/spark/, loaded by the engine's class loader).
     */
    static List<String> applicationJars(Class<?> engine) {
        Set<String> jars = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && new File(entry).isFile()) {
                jars.add("local:" + new File(entry).getAbsolutePath());
            }
        }
        try {
            Path self = Path.of(engine.getProtectionDomain().getCodeSource().getLocation().toURI());
            jars.add("local:" + self.toAbsolutePath());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the Spark engine's jar: " + e, e);
        }
        return new ArrayList<>(jars);
    }
}
