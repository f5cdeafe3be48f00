package io.deepbootstrap.core.settings;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.deepbootstrap.core.config.ConfigError;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code execution} section (bootstrap-core's reference.conf, same key order): which engine trains the runs
 * and, for Spark, where and how.
 *
 * @param engine {@code engine}: {@code local} (this process, {@code experiment.parallelism} runs at a time) or
 *     {@code spark}
 * @param master {@code master}: the Spark master URL ({@code local[N]}, {@code local[*]}, {@code spark://HOST:PORT},
 *     {@code yarn}, {@code k8s://...})
 * @param taskCpus {@code task-cpus}: cores per run (Spark's {@code spark.task.cpus}); each run trains with this many
 *     native threads (an architecture's smaller {@code threads} wins)
 * @param maxFailures {@code max-failures}: attempts per run before the sweep fails ({@code spark.task.maxFailures})
 * @param sparkLogLevel {@code spark-log-level}: the level of Spark's own log messages on the driver
 * @param sparkConf {@code spark-conf}: further Spark properties ({@code spark.*}), applied last
 */
public record ExecutionSection(Engine engine, String master, int taskCpus, int maxFailures, String sparkLogLevel,
                               Map<String, String> sparkConf) {

    /** The block of free-form Spark properties (its keys are checked here, not against defaults). */
    static final Set<String> FREE_FORM = Set.of("spark-conf");
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

    public ExecutionSection {
        sparkConf = Map.copyOf(sparkConf);
    }

    /** @param r the reader @return the section, or null if it has problems (recorded in r) */
    static ExecutionSection parse(SettingsReader r) {
        int before = r.problemCount();
        String engineName = r.string("execution.engine", "local or spark");
        Engine engine = null;
        if (engineName != null) {
            try {
                engine = Engine.valueOf(engineName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                r.problem("execution.engine", "expected local or spark, found '" + engineName + "'");
            }
        }
        String master = r.string("execution.master", "a Spark master URL");
        if (master != null && master.isBlank()) {
            r.problem("execution.master", "expected a Spark master URL such as local[4] or spark://host:7077, found ''");
        }
        Integer taskCpus = r.positive("execution.task-cpus");
        Integer maxFailures = r.positive("execution.max-failures");
        String logLevel = r.string("execution.spark-log-level", "a log level");
        if (logLevel != null && !LOG_LEVELS.contains(logLevel.toUpperCase(Locale.ROOT))) {
            r.problem("execution.spark-log-level", "expected one of " + String.join(", ", LOG_LEVELS) + ", found '" + logLevel + "'");
        }
        Map<String, String> conf = sparkConf(r);
        if (r.problemCount() > before) {
            return null;
        }
        return new ExecutionSection(engine, master, taskCpus, maxFailures, logLevel.toUpperCase(Locale.ROOT), conf);
    }

    /** {@code spark-conf}: quoted keys ({@code "spark.executor.memory" = 4g}) or nested ones (same path) alike. */
    private static Map<String, String> sparkConf(SettingsReader r) {
        String path = "execution.spark-conf";
        Map<String, String> conf = new TreeMap<>();
        try {
            for (Map.Entry<String, ConfigValue> e : r.merged().getConfig(path).entrySet()) {
                String key = e.getKey().replace("\"", "");
                ConfigValue v = e.getValue();
                if (!key.startsWith("spark.")) {
                    r.add(ConfigError.describe(v.origin(), path + "." + key, "expected a Spark property (spark.*)"));
                } else if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST
                        || v.valueType() == ConfigValueType.NULL) {
                    r.add(ConfigError.describe(v.origin(), path + "." + key, "expected a string, number or boolean"));
                } else {
                    conf.put(key, String.valueOf(v.unwrapped()));
                }
            }
        } catch (ConfigException e) {
            r.problem(path, "expected an object of Spark properties, e.g. { \"spark.executor.memory\" = 4g }");
        }
        return conf;
    }
}
