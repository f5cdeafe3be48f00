package io.deepbootstrap.core.labeler;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.settings.Architecture;
import java.util.ArrayList;
import java.util.List;

/**
 * A labeller block, checked: the classifier's architecture (resolved through the component registry like the
 * experiment's architectures) and how it is trained.
 *
 * @param architecture the resolved architecture block
 * @param steps SGD steps
 * @param batchSize examples per step
 * @param learningRate the rate of the first step (cosine schedule to 0 over {@code steps})
 * @param momentum SGD momentum
 * @param seed seeds the initial weights, the epoch order (and a generator source's draws)
 * @param trainExamples at most this many training examples of the source
 * @param testExamples at most this many test examples to measure the accuracy on
 * @param cache whether the trained classifier is cached
 */
record LabelerSpec(ComponentConfigs.Resolved<ArchitectureFactory> architecture, int steps, int batchSize,
                   double learningRate, double momentum, long seed, int trainExamples, int testExamples, boolean cache) {

    /**
     * @param block the labeller block (its keys merged over the defaults of the data source that owns it)
     * @param components resolves the architecture block
     * @return the checked settings
     * @throws ConfigError naming the key if the architecture block is invalid
     * @throws io.deepbootstrap.api.config.ConfigValueException naming the key if another value is invalid
     */
    static LabelerSpec of(Config block, ComponentConfigs components) {
        if (!block.hasPath("architecture")) {
            throw ConfigValues.bad(block, "architecture", "missing: an architecture block such as { type = mlp }");
        }
        List<String> problems = new ArrayList<>();
        ComponentConfigs.Resolved<ArchitectureFactory> architecture = components.resolve(ComponentKind.ARCHITECTURE,
                block.getValue("architecture"), "labeler.architecture", Architecture.FRAMEWORK_KEYS, problems);
        if (architecture == null) {
            throw new ConfigError(problems);
        }
        double momentum = ConfigValues.doubleInRange(block, "momentum", 0, 0.999);
        return new LabelerSpec(architecture, ConfigValues.positiveInt(block, "steps"), ConfigValues.positiveInt(block, "batch-size"),
                ConfigValues.positiveDouble(block, "learning-rate"), momentum, ConfigValues.longValue(block, "seed"),
                ConfigValues.positiveInt(block, "train-examples"), ConfigValues.positiveInt(block, "test-examples"),
                ConfigValues.bool(block, "cache"));
    }

    /** @return every setting that changes the trained classifier, in a canonical form (part of the cache key) */
    String canonical() {
        ConfigRenderOptions concise = ConfigRenderOptions.concise();
        return "architecture=" + architecture.type() + " " + architecture.config().root().render(concise) + "\nsteps=" + steps
                + "\nbatch-size=" + batchSize + "\nlearning-rate=" + learningRate + "\nmomentum=" + momentum + "\nseed=" + seed
                + "\ntrain-examples=" + trainExamples + "\ntest-examples=" + testExamples;
    }

    /** @return a short description for logs */
    String summary() {
        return String.format(java.util.Locale.ROOT, "%s, %d steps of batch %d, SGD lr %s momentum %s cosine, seed %d",
                architecture.type(), steps, batchSize, learningRate, momentum, seed);
    }
}
