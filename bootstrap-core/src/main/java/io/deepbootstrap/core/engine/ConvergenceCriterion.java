package io.deepbootstrap.core.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.Map;

/**
 * When the real world counts as converged (T_stop): its train error on S, or its train loss, below a
 * threshold at an evaluated step.
 *
 * @param metric {@code error} or {@code loss}: the train metric compared
 * @param threshold converged when the metric is strictly below this value
 */
public record ConvergenceCriterion(String metric, double threshold) {

    /** Train error below 1%: the default. */
    public static final ConvergenceCriterion DEFAULT = new ConvergenceCriterion("error", 0.01);

    public ConvergenceCriterion {
        if (!metric.equals("error") && !metric.equals("loss")) {
            throw new IllegalArgumentException("convergence metric must be error or loss, got " + metric);
        }
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("convergence threshold must be > 0, got " + threshold);
        }
    }

    /**
     * @param train the real world's train metrics at one step
     * @return true if they meet the criterion
     */
    public boolean isMet(Map<String, Double> train) {
        Double value = train.get(metric);
        return value != null && value < threshold;
    }

    /**
     * @param evaluation the {@code evaluation} block (convergence, train-error-threshold, train-loss-threshold)
     * @return the criterion
     */
    public static ConvergenceCriterion fromConfig(Config evaluation) {
        String kind = evaluation.getString("convergence");
        return switch (kind) {
            case "train-error" -> new ConvergenceCriterion("error", evaluation.getDouble("train-error-threshold"));
            case "train-loss" -> new ConvergenceCriterion("loss", evaluation.getDouble("train-loss-threshold"));
            default -> throw new ConfigException.BadValue(evaluation.getValue("convergence").origin(), "evaluation.convergence",
                    "expected train-error or train-loss, found '" + kind + "'");
        };
    }

    @Override
    public String toString() {
        return "train " + metric + " < " + threshold;
    }
}
