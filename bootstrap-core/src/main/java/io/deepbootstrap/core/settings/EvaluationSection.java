package io.deepbootstrap.core.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.metric.MetricFactory;
import io.deepbootstrap.core.config.ComponentConfigs.Resolved;
import io.deepbootstrap.core.result.TestSetMetrics;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import java.util.List;
import java.util.Set;

/**
 * The {@code evaluation} section (bootstrap-core's reference.conf, same key order).
 *
 * @param points {@code points}: number of log-spaced evaluation steps
 * @param metrics {@code metrics}: the metrics, in order (error and loss always among them)
 * @param convergence {@code convergence} with {@code train-error-threshold} or {@code train-loss-threshold}:
 *     the T_stop criterion
 * @param batchSize {@code batch-size}: examples per forward pass when evaluating ({@code null} in the configuration:
 *     {@link #defaultBatchSize the training batch size, at least 64})
 * @param testData {@code test-data}: a different distribution to draw the test set from, or null for the data's own
 * @param testSets {@code test-sets}: the test sets evaluated at every evaluation step, the primary first; empty when
 *     null (then the one test set is {@code test-data}'s or the data's own, as before the key existed)
 */
public record EvaluationSection(int points, List<Resolved<MetricFactory>> metrics, ConvergenceCriterion convergence,
                                int batchSize, Resolved<DataSourceFactory> testData, List<TestSet> testSets) {

    /** The section's component lists, validated against each component's own defaults. */
    static final Set<String> COMPONENT_LISTS = Set.of("metrics");

    /** The smallest evaluation batch that {@code batch-size = null} gives, whatever the training batch size. */
    public static final int MIN_DEFAULT_BATCH_SIZE = 64;

    /**
     * The evaluation batch when {@code batch-size} is null: the training batch, so that evaluating needs no larger
     * layer buffers than training (each live network keeps its buffers for the largest batch it has seen: for the
     * small CNN, 256 rows of activations are ~50 MB), but at least {@link #MIN_DEFAULT_BATCH_SIZE} rows so that a
     * tiny training batch does not make evaluation slow.
     *
     * @param trainingBatchSize {@code training.batch-size}
     * @return the evaluation batch size
     */
    public static int defaultBatchSize(int trainingBatchSize) {
        return Math.max(trainingBatchSize, MIN_DEFAULT_BATCH_SIZE);
    }

    /**
     * @param r the reader
     * @param training the training section (for the default batch size), or null if it has problems
     * @return the section, or null if it has problems (recorded in r)
     */
    static EvaluationSection parse(SettingsReader r, TrainingSection training) {
        int before = r.problemCount();
        Config merged = r.merged();
        Integer points = r.positive("evaluation.points");
        List<Resolved<MetricFactory>> metrics = r.componentList(ComponentKind.METRIC, "evaluation.metrics", Set.of());
        for (String required : List.of("error", "loss")) {
            if (metrics.stream().noneMatch(m -> m.type().equals(required))) {
                r.problem("evaluation.metrics", "must include '" + required + "' (T_stop and the summary need it)");
            }
        }
        ConvergenceCriterion convergence = r.get("evaluation.convergence", () -> {
            ConvergenceCriterion.Kind kind = ConvergenceCriterion.Kind.fromId(merged.getString("evaluation.convergence"));
            return new ConvergenceCriterion(kind, merged.getDouble(kind == ConvergenceCriterion.Kind.TRAIN_ERROR
                    ? "evaluation.train-error-threshold" : "evaluation.train-loss-threshold"));
        }, "train-error or train-loss");
        Integer batchSize = !merged.getIsNull("evaluation.batch-size") ? r.positive("evaluation.batch-size")
                // a training section with problems fails the configuration anyway; the placeholder only keeps parsing going
                : Integer.valueOf(training == null ? MIN_DEFAULT_BATCH_SIZE : defaultBatchSize(training.batchSize()));
        Resolved<DataSourceFactory> testData = merged.getIsNull("evaluation.test-data") ? null
                : r.component(ComponentKind.DATA_SOURCE, "evaluation.test-data", Set.of());
        for (Resolved<MetricFactory> m : metrics) {
            if (m.type().indexOf(TestSetMetrics.SEPARATOR) >= 0) {
                r.problem("evaluation.metrics", "metric '" + m.type() + "': a metric name must not contain '/'"
                        + " (it separates a further test set's name from its metrics)");
            }
        }
        List<TestSet> testSets = TestSet.parseAll(r);
        if (r.problemCount() > before) {
            return null;
        }
        return new EvaluationSection(points, List.copyOf(metrics), convergence, batchSize, testData, testSets);
    }

    /**
     * @param c the effective configuration so far
     * @return it with the metric blocks written out in full and the batch size that applies (a null resolved)
     */
    Config writeInto(Config c) {
        return c.withValue("evaluation.metrics", ComponentBlocks.blocks(metrics))
                .withValue("evaluation.batch-size", ConfigValueFactory.fromAnyRef(batchSize));
    }
}
