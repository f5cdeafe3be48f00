package io.deepbootstrap.core.execution;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.deepbootstrap.core.config.ConfigError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code execution} section: which engine trains the runs and, for Spark, where and how.
 *
 * @param engine {@code local} (this process, {@code experiment.parallelism} runs at a time) or {@code spark}
 * @param master the Spark master URL: {@code local[N]}, {@code local[*]}, {@code spark://HOST:PORT}, {@code yarn},
 *     {@code k8s://...}
 * @param taskCpus cores per run (Spark's {@code spark.task.cpus}); each run trains with this many native threads
 *     (an architecture's smaller {@code threads} wins)
 * @param maxFailures attempts per run before the sweep fails ({@code spark.task.maxFailures})
 * @param sparkLogLevel the level of Spark's own log messages on the driver ({@code WARN} by default)
 * @param sparkConf further Spark properties ({@code spark.*}), applied last
 */
public record ExecutionSettings(Engine engine, String master, int taskCpus, int maxFailures, String sparkLogLevel,
                                Map<String, String> sparkConf) {

    /** The configuration section. */
    public static final String SECTION = "execution";
    /** The block of free-form Spark properties inside the section (its keys are not checked against defaults). */
    public static final String SPARK_CONF = "spark-conf";

    /** Log levels Spark's logging accepts. */
    public static final List<String> LOG_LEVELS = List.of("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL");

    /** Where runs train. */
    public enum Engine {
        /** In this process. */
        LOCAL,
        /** As Apache Spark tasks. */
        SPARK;

        /** @return the name as written in the configuration */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ExecutionSettings {
        sparkConf = Map.copyOf(sparkConf);
    }

    /**
     * @param merged the merged, resolved configuration
     * @return the section's settings
     * @throws ConfigError listing every bad value with its key and {@code file:line}
     */
    public static ExecutionSettings parse(Config merged) {
        List<String> problems = new ArrayList<>();
        Engine engine = null;
        String engineName = string(merged, "engine", problems);
        if (engineName != null) {
            try {
                engine = Engine.valueOf(engineName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(at(merged, "engine", "expected local or spark, found '" + engineName + "'"));
            }
        }
        String master = string(merged, "master", problems);
        if (master != null && master.isBlank()) {
            problems.add(at(merged, "master", "expected a Spark master URL such as local[4] or spark://host:7077, found ''"));
        }
        int taskCpus = positive(merged, "task-cpus", problems);
        int maxFailures = positive(merged, "max-failures", problems);
        String logLevel = string(merged, "spark-log-level", problems);
        if (logLevel != null && !LOG_LEVELS.contains(logLevel.toUpperCase(Locale.ROOT))) {
            problems.add(at(merged, "spark-log-level", "expected one of " + String.join(", ", LOG_LEVELS) + ", found '" + logLevel + "'"));
        }
        Map<String, String> conf = new TreeMap<>();
        String confPath = SECTION + "." + SPARK_CONF;
        try {
            for (Map.Entry<String, ConfigValue> e : merged.getConfig(confPath).entrySet()) {
                String key = e.getKey().replace("\"", "");
                ConfigValue v = e.getValue();
                if (!key.startsWith("spark.")) {
                    problems.add(ConfigError.describe(v.origin(), confPath + "." + key, "expected a Spark property (spark.*)"));
                } else if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST
                        || v.valueType() == ConfigValueType.NULL) {
                    problems.add(ConfigError.describe(v.origin(), confPath + "." + key, "expected a string, number or boolean"));
                } else {
                    conf.put(key, String.valueOf(v.unwrapped()));
                }
            }
        } catch (ConfigException e) {
            problems.add(confPath + ": expected an object of Spark properties { \"spark.executor.memory\" = 4g }: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ConfigError(problems);
        }
        return new ExecutionSettings(engine, master, taskCpus, maxFailures, logLevel.toUpperCase(Locale.ROOT),
                new LinkedHashMap<>(conf));
    }

    private static String string(Config merged, String key, List<String> problems) {
        String path = SECTION + "." + key;
        try {
            return merged.getString(path);
        } catch (ConfigException.Missing e) {
            problems.add(path + ": missing; expected it in the execution section (see reference.conf)");
        } catch (ConfigException e) {
            problems.add(at(merged, key, "expected a string, found " + merged.getValue(path).render()));
        }
        return null;
    }

    private static int positive(Config merged, String key, List<String> problems) {
        String path = SECTION + "." + key;
        try {
            int v = merged.getInt(path);
            if (v >= 1) {
                return v;
            }
            problems.add(at(merged, key, "expected an integer >= 1, found " + v));
        } catch (ConfigException.Missing e) {
            problems.add(path + ": missing; expected it in the execution section (see reference.conf)");
        } catch (ConfigException e) {
            problems.add(at(merged, key, "expected an integer >= 1, found " + merged.getValue(path).render()));
        }
        return 1;
    }

    private static String at(Config merged, String key, String message) {
        String path = SECTION + "." + key;
        return ConfigError.describe(merged.hasPath(path) ? merged.getValue(path).origin() : null, path, message);
    }
}
