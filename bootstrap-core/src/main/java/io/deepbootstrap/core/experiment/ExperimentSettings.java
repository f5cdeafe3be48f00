package io.deepbootstrap.core.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.augment.AugmentationFactory;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.metric.MetricFactory;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.api.run.RunListenerFactory;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.config.ComponentConfigs.Resolved;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.config.ConfigValidator;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.engine.LearningRateSchedule;
import io.deepbootstrap.core.registry.ComponentRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A validated experiment: everything the configuration says, typed, with every component resolved to
 * its factory and full configuration. Built by {@link #parse}, which reports all problems at once.
 *
 * @param name experiment name
 * @param seeds the run seeds
 * @param outputDirectory {@code <output-dir>/<name>}
 * @param cacheDirectory where data sources cache derived data
 * @param baseDirectory directory relative data paths are resolved against (the configuration file's)
 * @param data the data source
 * @param trainSizes the real world's N values
 * @param testSize M
 * @param steps T
 * @param batchSize B
 * @param learningRate base learning rate
 * @param optimizer the optimizer
 * @param schedule the learning-rate schedule
 * @param augmentationSets the alternative augmentation pipelines the grid sweeps over (one, possibly empty)
 * @param labelNoise fraction of labels replaced at random
 * @param stopAtConvergence end real-world runs at T_stop
 * @param parallelism how many runs train at once
 * @param pretraining how both worlds are initialised
 * @param prefetch batches prepared ahead on a background thread (0 = off)
 * @param evaluationPoints number of log-spaced evaluation steps
 * @param metrics the metrics, in order
 * @param convergence the T_stop criterion
 * @param testData a different distribution to draw the test set from, or null for the data's own
 * @param evaluationBatchSize examples per forward pass when evaluating
 * @param architectures the architectures with their labels
 * @param listeners extra run listeners
 * @param resolved the effective configuration: every section as resolved, with each component block written
 *     out in full (its type, and every parameter with the value used); saved with the results
 * @param merged the whole merged configuration, component defaults included (for nested components)
 */
public record ExperimentSettings(
        String name, List<Long> seeds, Path outputDirectory, Path cacheDirectory, Path baseDirectory,
        Resolved<DataSourceFactory> data, List<Integer> trainSizes, int testSize,
        int steps, int batchSize, double learningRate, OptimizerSpec optimizer, LearningRateSchedule schedule,
        List<AugmentationSet> augmentationSets, double labelNoise, boolean stopAtConvergence, int parallelism,
        Pretraining pretraining, int prefetch,
        int evaluationPoints, List<Resolved<MetricFactory>> metrics, ConvergenceCriterion convergence,
        Resolved<DataSourceFactory> testData, int evaluationBatchSize, List<Architecture> architectures, List<Resolved<RunListenerFactory>> listeners,
        Config resolved, Config merged) {

    /** Keys of the {@code data} block that belong to the framework, not to the data source. */
    public static final Set<String> DATA_FRAMEWORK_KEYS = Set.of("train-sizes", "test-size");
    /** Keys of an architecture block that belong to the framework. */
    public static final Set<String> ARCHITECTURE_FRAMEWORK_KEYS = Set.of("name", "threads");

    /**
     * An architecture entry.
     *
     * @param label its label in results ({@code name}, else the type; made unique)
     * @param component the resolved component
     * @param threads native threads for its runs (its {@code threads} key, else {@code training.threads});
     *     0 = all cores
     */
    public record Architecture(String label, Resolved<ArchitectureFactory> component, int threads) {
    }

    /**
     * One augmentation pipeline of the grid.
     *
     * @param label {@code none}, or the types joined by {@code +}
     * @param augmentations applied in order
     */
    public record AugmentationSet(String label, List<Resolved<AugmentationFactory>> augmentations) {
    }

    /**
     * How both worlds are initialised.
     *
     * @param steps pretraining steps (0 = none)
     * @param data the pretraining data source (used when steps > 0)
     * @param learningRate constant pretraining learning rate
     * @param initFrom a saved network to load, or null
     */
    public record Pretraining(int steps, Resolved<DataSourceFactory> data, double learningRate, Path initFrom) {
    }

    /**
     * Validates and types a configuration.
     *
     * @param user what the user wrote (file and overrides), for unknown-key checks
     * @param defaults the merged reference configuration the user's keys are checked against
     * @param merged user merged over all defaults, resolved
     * @param baseDirectory where relative paths in the configuration are resolved
     * @param registry the component registry
     * @return the settings
     * @throws ConfigError listing every problem found, each with key and file:line
     */
    public static ExperimentSettings parse(Config user, Config defaults, Config merged, Path baseDirectory,
                                           ComponentRegistry registry) {
        List<String> problems = new ArrayList<>();
        Set<String> skipAtRoot = Set.of("architectures", "bootstrap");
        ConfigObject userRoot = user.root();
        // Component lists inside sections are checked against each component's own defaults.
        Map<String, Set<String>> componentLists = Map.of(
                "training", Set.of("augmentations"), "evaluation", Set.of("metrics"), "experiment", Set.of("listeners"),
                "execution", Set.of("spark-conf")); // spark-conf: free-form spark.* keys, checked by ExecutionSettings
        // Root-level and section-level unknown keys (component blocks are checked against their own defaults).
        for (Map.Entry<String, ConfigValue> e : userRoot.entrySet()) {
            String key = e.getKey();
            if (skipAtRoot.contains(key)) {
                continue;
            }
            ConfigValue ref = defaults.root().get(key);
            ConfigObject refSection = referenceSection(defaults, key);
            if (refSection == null || ref == null) {
                problems.add(ConfigError.describe(e.getValue().origin(), key, "unknown key; expected one of: "
                        + "experiment, data, training, evaluation, architectures, pretraining, execution, plugins, bootstrap"));
                continue;
            }
            if (e.getValue() instanceof ConfigObject section) {
                if (key.equals("data")) {
                    continue; // validated with the data source's defaults below
                }
                ConfigValidator.check(section, refSection, key, componentLists.getOrDefault(key, Set.of()), problems);
            } else {
                problems.add(ConfigError.describe(e.getValue().origin(), key, "expected an object { ... }, found " + e.getValue().render()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigError(problems); // unknown keys and wrong types first: typed parsing would repeat them
        }
        ComponentConfigs components = new ComponentConfigs(registry, merged);

        String name = get(problems, merged, "experiment.name", () -> merged.getString("experiment.name"), "a string");
        if (name != null && !name.matches("[A-Za-z0-9._-]+")) {
            problems.add(at(merged, "experiment.name", "expected letters, digits, '.', '_' or '-' (it names a folder), found '" + name + "'"));
        }
        Long seed = get(problems, merged, "experiment.seed", () -> merged.getLong("experiment.seed"), "an integer");
        Integer seedCount = positive(problems, merged, "experiment.seeds");
        List<Long> seeds = new ArrayList<>();
        if (seed != null && seedCount != null) {
            for (int i = 0; i < seedCount; i++) {
                seeds.add(seed + i);
            }
        }
        String outputDir = get(problems, merged, "experiment.output-dir", () -> merged.getString("experiment.output-dir"), "a path");
        String cacheDir = get(problems, merged, "experiment.cache-dir", () -> merged.getString("experiment.cache-dir"), "a path");

        // data
        Resolved<DataSourceFactory> data = null;
        List<Integer> trainSizes = List.of();
        Integer testSize = null;
        if (merged.hasPath("data")) {
            data = components.resolve(ComponentKind.DATA_SOURCE, merged.getValue("data"), "data",
                    DATA_FRAMEWORK_KEYS, problems);
            trainSizes = get(problems, merged, "data.train-sizes", () -> merged.getIntList("data.train-sizes"), "a list of integers");
            if (trainSizes != null) {
                if (trainSizes.isEmpty() || trainSizes.stream().anyMatch(n -> n < 1)) {
                    problems.add(at(merged, "data.train-sizes", "expected a non-empty list of sizes >= 1, found " + trainSizes));
                }
                trainSizes = List.copyOf(new LinkedHashSet<>(trainSizes));
            } else {
                trainSizes = List.of();
            }
            testSize = positive(problems, merged, "data.test-size");
        } else {
            problems.add("data: missing section; expected data { type = ..., train-sizes = [...], test-size = ... }");
        }

        // training
        Integer steps = positive(problems, merged, "training.steps");
        Integer batchSize = positive(problems, merged, "training.batch-size");
        Double lr = get(problems, merged, "training.optimizer.learning-rate", () -> merged.getDouble("training.optimizer.learning-rate"), "a number");
        if (lr != null && !(lr > 0)) {
            problems.add(at(merged, "training.optimizer.learning-rate", "expected a number > 0, found " + lr));
        }
        OptimizerSpec optimizer = optimizer(problems, merged);
        LearningRateSchedule schedule = null;
        if (lr != null && steps != null) {
            schedule = get(problems, merged, "training.schedule", () -> LearningRateSchedule.fromConfig(
                    merged.getConfig("training.schedule"), lr, steps), "a schedule");
        }
        List<AugmentationSet> augmentationSets = augmentationSets(problems, merged, components);
        Double labelNoise = get(problems, merged, "training.label-noise", () -> merged.getDouble("training.label-noise"), "a number");
        if (labelNoise != null && !(labelNoise >= 0 && labelNoise <= 1)) {
            problems.add(at(merged, "training.label-noise", "expected a fraction in [0, 1], found " + labelNoise));
        }
        Boolean stopAtConvergence = get(problems, merged, "training.stop-at-convergence",
                () -> merged.getBoolean("training.stop-at-convergence"), "true or false");
        Integer parallelism = positive(problems, merged, "experiment.parallelism");
        Pretraining pretraining = pretraining(problems, merged, components, baseDirectory);
        Integer prefetch = get(problems, merged, "training.prefetch", () -> merged.getInt("training.prefetch"), "an integer");
        if (prefetch != null && prefetch < 0) {
            problems.add(at(merged, "training.prefetch", "expected an integer >= 0, found " + prefetch));
        }

        // evaluation
        Integer points = positive(problems, merged, "evaluation.points");
        List<Resolved<MetricFactory>> metrics = componentList(problems, merged, components,
                ComponentKind.METRIC, "evaluation.metrics", Set.of());
        for (String required : List.of("error", "loss")) {
            if (metrics.stream().noneMatch(m -> m.type().equals(required))) {
                problems.add(at(merged, "evaluation.metrics", "must include '" + required + "' (T_stop and the summary need it)"));
            }
        }
        ConvergenceCriterion convergence = get(problems, merged, "evaluation.convergence", () -> {
            ConvergenceCriterion.Kind kind = ConvergenceCriterion.Kind.fromId(merged.getString("evaluation.convergence"));
            return new ConvergenceCriterion(kind, merged.getDouble(kind == ConvergenceCriterion.Kind.TRAIN_ERROR
                    ? "evaluation.train-error-threshold" : "evaluation.train-loss-threshold"));
        }, "train-error or train-loss");
        Integer evalBatch = positive(problems, merged, "evaluation.batch-size");
        Resolved<DataSourceFactory> testData = merged.getIsNull("evaluation.test-data") ? null
                : components.resolve(ComponentKind.DATA_SOURCE, merged.getValue("evaluation.test-data"), "evaluation.test-data",
                        Set.of(), problems);

        Integer threads = get(problems, merged, "training.threads", () -> merged.getInt("training.threads"), "an integer");
        if (threads != null && threads < 0) {
            problems.add(at(merged, "training.threads", "expected an integer >= 0 (0 = all cores), found " + threads));
        }

        // architectures
        List<Architecture> architectures = new ArrayList<>();
        if (merged.hasPath("architectures")) {
            List<Resolved<ArchitectureFactory>> archs = componentList(problems, merged, components,
                    ComponentKind.ARCHITECTURE, "architectures", ARCHITECTURE_FRAMEWORK_KEYS);
            ConfigList list = merged.getList("architectures");
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < archs.size() && i < list.size(); i++) {
                ConfigValue v = list.get(i);
                String label = archs.get(i).type();
                int archThreads = threads == null ? 0 : threads;
                if (v instanceof ConfigObject o && o.get("name") != null) {
                    label = String.valueOf(o.get("name").unwrapped());
                }
                if (v instanceof ConfigObject o && o.get("threads") != null) {
                    Object t = o.get("threads").unwrapped();
                    if (t instanceof Number num && num.intValue() >= 0 && num.doubleValue() == num.intValue()) {
                        archThreads = num.intValue();
                    } else {
                        problems.add(ConfigError.describe(o.get("threads").origin(), "architectures[" + i + "].threads",
                                "expected an integer >= 0 (0 = all cores), found " + o.get("threads").render()));
                    }
                }
                int n = counts.merge(label, 1, Integer::sum);
                architectures.add(new Architecture(n == 1 ? label : label + "-" + n, archs.get(i), archThreads));
            }
            if (list.isEmpty()) {
                problems.add(at(merged, "architectures", "expected at least one architecture"));
            }
        }
        List<Resolved<RunListenerFactory>> listeners = componentList(problems, merged, components,
                ComponentKind.RUN_LISTENER, "experiment.listeners", Set.of());

        if (!problems.isEmpty()) {
            throw new ConfigError(problems);
        }
        Config effective = effective(merged, data, trainSizes, testSize, augmentationSets, metrics, architectures, listeners);
        // Outputs and caches are relative to the working directory; data paths to the configuration file.
        return new ExperimentSettings(name, List.copyOf(seeds), Path.of(outputDir).toAbsolutePath().resolve(name).normalize(),
                Path.of(cacheDir).toAbsolutePath().normalize(), baseDirectory, data, trainSizes, testSize,
                steps, batchSize, lr, optimizer, schedule, augmentationSets, labelNoise, stopAtConvergence, parallelism,
                pretraining, prefetch, points, metrics, convergence,
                testData, evalBatch, List.copyOf(architectures), listeners, effective, merged);
    }

    /** The merged configuration with component blocks written out in full and component defaults dropped. */
    private static Config effective(Config merged, Resolved<DataSourceFactory> data, List<Integer> trainSizes, int testSize,
                                    List<AugmentationSet> augmentationSets, List<Resolved<MetricFactory>> metrics,
                                    List<Architecture> architectures, List<Resolved<RunListenerFactory>> listeners) {
        Config c = merged.withoutPath("bootstrap");
        c = c.withValue("data", block(data).withValue("train-sizes", ConfigValueFactory.fromIterable(trainSizes))
                .withValue("test-size", ConfigValueFactory.fromAnyRef(testSize)).root());
        List<Object> sets = augmentationSets.stream().map(a -> blocks(a.augmentations()).unwrapped()).toList();
        c = c.withValue("training.augmentations", sets.size() == 1 ? ConfigValueFactory.fromAnyRef(sets.get(0))
                : ConfigValueFactory.fromIterable(sets));
        c = c.withValue("evaluation.metrics", blocks(metrics));
        c = c.withValue("experiment.listeners", blocks(listeners));
        List<Object> archs = new ArrayList<>();
        for (Architecture a : architectures) {
            archs.add(block(a.component()).withValue("name", ConfigValueFactory.fromAnyRef(a.label()))
                    .withValue("threads", ConfigValueFactory.fromAnyRef(a.threads())).root().unwrapped());
        }
        return c.withValue("architectures", ConfigValueFactory.fromIterable(archs));
    }

    private static Config block(Resolved<?> r) {
        return r.config().withValue("type", ConfigValueFactory.fromAnyRef(r.type()));
    }

    private static ConfigValue blocks(List<? extends Resolved<?>> list) {
        return ConfigValueFactory.fromIterable(list.stream().map(r -> block(r).root().unwrapped()).toList());
    }

    private static List<AugmentationSet> augmentationSets(List<String> problems, Config merged, ComponentConfigs components) {
        String path = "training.augmentations";
        ConfigList list;
        try {
            list = merged.getList(path);
        } catch (ConfigException e) {
            problems.add(at(merged, path, "expected a list [ ... ] of augmentation blocks, or a list of such lists"));
            return List.of();
        }
        boolean alternatives = !list.isEmpty() && list.stream().allMatch(v -> v instanceof ConfigList);
        List<ConfigList> pipelines = alternatives ? list.stream().map(v -> (ConfigList) v).toList() : List.of(list);
        List<AugmentationSet> sets = new ArrayList<>();
        for (int p = 0; p < pipelines.size(); p++) {
            String at = alternatives ? path + "[" + p + "]" : path;
            List<Resolved<AugmentationFactory>> augs = new ArrayList<>();
            ConfigList pipeline = pipelines.get(p);
            for (int i = 0; i < pipeline.size(); i++) {
                Resolved<AugmentationFactory> r = components.resolve(ComponentKind.AUGMENTATION, pipeline.get(i),
                        at + "[" + i + "]", Set.of(), problems);
                if (r != null) {
                    augs.add(r);
                }
            }
            String label = augs.isEmpty() ? "none" : String.join("+", augs.stream().map(Resolved::type).toList());
            if (sets.stream().anyMatch(s -> s.label().equals(label))) {
                problems.add(at(merged, path, "the augmentation alternative '" + label + "' is listed twice"));
            }
            sets.add(new AugmentationSet(label, List.copyOf(augs)));
        }
        return sets;
    }

    private static Pretraining pretraining(List<String> problems, Config merged, ComponentConfigs components, Path base) {
        Integer steps = get(problems, merged, "pretraining.steps", () -> merged.getInt("pretraining.steps"), "an integer");
        Double lr = get(problems, merged, "pretraining.learning-rate", () -> merged.getDouble("pretraining.learning-rate"), "a number");
        String initFrom = get(problems, merged, "pretraining.init-from", () -> merged.getString("pretraining.init-from"), "a path");
        if (steps == null || lr == null || initFrom == null) {
            return null;
        }
        if (steps < 0) {
            problems.add(at(merged, "pretraining.steps", "expected an integer >= 0, found " + steps));
        }
        if (steps > 0 && !initFrom.isEmpty()) {
            problems.add(at(merged, "pretraining.init-from", "give either pretraining.steps > 0 or init-from, not both"));
        }
        Resolved<DataSourceFactory> data = null;
        if (steps > 0) {
            data = components.resolve(ComponentKind.DATA_SOURCE, merged.getValue("pretraining.data"), "pretraining.data",
                    Set.of(), problems);
        }
        Path init = initFrom.isEmpty() ? null : base.resolve(initFrom).normalize();
        if (init != null && !java.nio.file.Files.isRegularFile(init)) {
            problems.add(at(merged, "pretraining.init-from", "file not found: " + init));
        }
        return new Pretraining(steps, data, lr, init);
    }

    private static ConfigObject referenceSection(Config defaults, String key) {
        return defaults.root().get(key) instanceof ConfigObject o ? o : null;
    }

    private static OptimizerSpec optimizer(List<String> problems, Config merged) {
        String p = "training.optimizer.";
        try {
            String type = merged.getString(p + "type").toLowerCase(Locale.ROOT);
            OptimizerSpec.Type t = switch (type) {
                case "sgd" -> OptimizerSpec.Type.SGD;
                case "adam" -> OptimizerSpec.Type.ADAM;
                default -> null;
            };
            if (t == null) {
                problems.add(at(merged, p + "type", "expected sgd or adam, found '" + type + "'"));
                return null;
            }
            return new OptimizerSpec(t, t == OptimizerSpec.Type.SGD ? merged.getDouble(p + "momentum") : 0,
                    t == OptimizerSpec.Type.SGD && merged.getBoolean(p + "nesterov"), merged.getDouble(p + "weight-decay"),
                    merged.getDouble(p + "beta1"), merged.getDouble(p + "beta2"), merged.getDouble(p + "epsilon"));
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        } catch (IllegalArgumentException e) {
            problems.add(at(merged, "training.optimizer", e.getMessage()));
        }
        return null;
    }

    private static <F extends io.deepbootstrap.api.ComponentFactory<?, ?>> List<Resolved<F>> componentList(
            List<String> problems, Config merged, ComponentConfigs components, ComponentKind kind, String path,
            Set<String> frameworkKeys) {
        List<Resolved<F>> out = new ArrayList<>();
        if (!merged.hasPath(path)) {
            return out;
        }
        ConfigList list;
        try {
            list = merged.getList(path);
        } catch (ConfigException e) {
            problems.add(at(merged, path, "expected a list [ ... ] of " + kind.id() + " blocks"));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            Resolved<F> r = components.resolve(kind, list.get(i), path + "[" + i + "]", frameworkKeys, problems);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static Integer positive(List<String> problems, Config merged, String path) {
        Integer v = get(problems, merged, path, () -> merged.getInt(path), "an integer");
        if (v != null && v < 1) {
            problems.add(at(merged, path, "expected an integer >= 1, found " + v));
            return null;
        }
        return v;
    }

    private static <T> T get(List<String> problems, Config merged, String path, Supplier<T> getter, String expected) {
        try {
            return getter.get();
        } catch (ConfigException.Missing e) {
            problems.add(path + ": missing; expected " + expected);
        } catch (ConfigException e) {
            problems.add(at(merged, path, "expected " + expected + ": " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            problems.add(at(merged, path, e.getMessage()));
        }
        return null;
    }

    private static String at(Config merged, String path, String message) {
        return ConfigError.describe(merged.hasPath(path) ? merged.getValue(path).origin() : null, path, message);
    }
}
