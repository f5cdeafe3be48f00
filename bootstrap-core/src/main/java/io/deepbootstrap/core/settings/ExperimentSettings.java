package io.deepbootstrap.core.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import io.deepbootstrap.api.config.ConfigLocation;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.config.ConfigLoader;
import io.deepbootstrap.core.config.ConfigValidator;
import io.deepbootstrap.core.registry.ComponentRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validated experiment: one typed record per section of the configuration, every component resolved to its
 * factory and full configuration. Built by {@link #parse}, which reports all problems at once.
 *
 * @param experiment the {@code experiment} section: name, seeds, folders, listeners, parallelism
 * @param data the {@code data} section: the data source and the sample sizes
 * @param training the {@code training} section: T, B, optimizer, schedule, augmentations, ...
 * @param evaluation the {@code evaluation} section: evaluation steps, metrics, T_stop criterion, test data
 * @param architectures the {@code architectures} list, with unique labels
 * @param pretraining the {@code pretraining} section: how both worlds are initialised
 * @param execution the {@code execution} section: where the runs train (this process or Spark)
 * @param baseDirectory directory relative data paths are resolved against (the configuration file's)
 * @param resolved the effective configuration: every section as resolved, with each component block written
 *     out in full (its type, and every parameter with the value used); saved with the results
 * @param merged the whole merged configuration, component defaults included (for nested components)
 */
public record ExperimentSettings(ExperimentSection experiment, DataSection data, TrainingSection training,
                                 EvaluationSection evaluation, List<Architecture> architectures,
                                 PretrainingSection pretraining, ExecutionSection execution, Path baseDirectory,
                                 Config resolved, Config merged) {

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
        Config userResolved;
        Config reference;
        try {
            // Substitutions (${HOME}, ${?VAR}, references to defaults) take the values they have in the merged whole.
            userResolved = ConfigLoader.writtenByUser(user, merged);
            reference = defaults.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
        } catch (ConfigException e) {
            throw new ConfigError(e.getMessage());
        }
        checkSections(userResolved.root(), reference, problems);
        if (!problems.isEmpty()) {
            throw new ConfigError(problems); // unknown keys and wrong types first: typed parsing would repeat them
        }
        SettingsReader r = new SettingsReader(merged, userResolved, reference, new ComponentConfigs(registry, merged), problems);
        ExperimentSection experiment = ExperimentSection.parse(r);
        DataSection data = DataSection.parse(r);
        TrainingSection training = TrainingSection.parse(r);
        EvaluationSection evaluation = EvaluationSection.parse(r, training);
        List<Architecture> architectures = Architecture.parseAll(r, training == null ? 0 : training.threads());
        PretrainingSection pretraining = PretrainingSection.parse(r, baseDirectory);
        ExecutionSection execution = ExecutionSection.parse(r);
        if (!problems.isEmpty()) {
            throw new ConfigError(problems);
        }
        Config effective = merged.withoutPath("bootstrap");
        effective = experiment.writeInto(effective);
        effective = data.writeInto(effective);
        effective = training.writeInto(effective);
        effective = evaluation.writeInto(effective);
        effective = Architecture.writeInto(effective, architectures);
        return new ExperimentSettings(experiment, data, training, evaluation, architectures, pretraining, execution,
                baseDirectory, effective, merged);
    }

    /**
     * @param key a key of the configuration
     * @return where its value was written: {@code file:line}, {@code command line -D<key>}, or
     *     {@code default of <module>}
     */
    public String location(String key) {
        return ConfigLocation.of(merged.hasPath(key) ? merged.getValue(key).origin() : null).toString();
    }

    /** Root-level and section-level unknown keys and wrong types (component blocks are checked against their own defaults). */
    private static void checkSections(ConfigObject userRoot, Config defaults, List<String> problems) {
        Set<String> skipAtRoot = Set.of("architectures", "bootstrap");
        Map<String, Set<String>> componentLists = Map.of("experiment", ExperimentSection.COMPONENT_LISTS,
                "training", TrainingSection.COMPONENT_LISTS, "evaluation", EvaluationSection.COMPONENT_LISTS,
                "execution", ExecutionSection.FREE_FORM);
        for (Map.Entry<String, ConfigValue> e : userRoot.entrySet()) {
            String key = e.getKey();
            if (skipAtRoot.contains(key)) {
                continue;
            }
            if (!(defaults.root().get(key) instanceof ConfigObject refSection)) {
                problems.add(ConfigError.describe(e.getValue().origin(), key, "unknown key; expected one of: "
                        + String.join(", ", new TreeSet<>(defaults.root().keySet()))));
                continue;
            }
            if (e.getValue() instanceof ConfigObject section) {
                if (key.equals("data")) {
                    continue; // validated with the data source's defaults
                }
                ConfigValidator.check(section, refSection, key, componentLists.getOrDefault(key, Set.of()), problems);
            } else {
                problems.add(ConfigError.describe(e.getValue().origin(), key, "expected an object { ... }, found " + e.getValue().render()));
            }
        }
    }
}
