package io.deepbootstrap.core.result;

import io.deepbootstrap.api.run.Evaluation;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * When the real world counts as converged: the first step (the trainer locates it between its evaluation steps and
 * evaluates it, see {@link io.deepbootstrap.core.engine.StopStepSearch}) at which one of its train-set
 * metrics on S falls strictly below a threshold. That step is T_stop, the end of the window over which
 * the bootstrap gap is summarised.
 *
 * @param kind which train metric is compared
 * @param threshold the value it has to fall below, e.g. {@code 0.01}
 */
public record ConvergenceCriterion(Kind kind, double threshold) {

    /** The criterion of the paper's text: train error on S below 1%. */
    public static final ConvergenceCriterion DEFAULT = new ConvergenceCriterion(Kind.TRAIN_ERROR, 0.01);

    /** Which train metric decides convergence. */
    public enum Kind {
        /** Train error on S ({@value MetricNames#ERROR}) below the threshold (the paper's text). */
        TRAIN_ERROR("train-error", MetricNames.ERROR),
        /** Train loss on S ({@value MetricNames#LOSS}) below the threshold (the authors' code). */
        TRAIN_LOSS("train-loss", MetricNames.LOSS);

        private final String id;
        private final String metric;

        Kind(String id, String metric) {
            this.id = id;
            this.metric = metric;
        }

        /** @return the name used in configs and result files, e.g. {@code train-error} */
        public String id() {
            return id;
        }

        /** @return the train metric this criterion reads, e.g. {@code error} */
        public String metric() {
            return metric;
        }

        /**
         * @param id {@code train-error} or {@code train-loss} (case-insensitive)
         * @return the kind with that id
         * @throws IllegalArgumentException naming the valid ids if there is none
         */
        public static Kind fromId(String id) {
            for (Kind kind : values()) {
                if (kind.id.equals(id.toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown convergence criterion '" + id + "', expected one of "
                    + Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", ")));
        }
    }

    /**
     * @throws IllegalArgumentException if the threshold is not a positive finite number
     */
    public ConvergenceCriterion {
        if (kind == null) {
            throw new IllegalArgumentException("convergence criterion kind must not be null");
        }
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException(
                    "convergence threshold must be a positive finite number, got " + threshold);
        }
    }

    /**
     * @param evaluation one evaluation of a real-world run
     * @return whether its train metric is present and strictly below the threshold
     */
    public boolean isMet(Evaluation evaluation) {
        Double value = evaluation.train().get(kind.metric());
        return value != null && value < threshold;
    }

    /**
     * @param curve a real-world run's evaluations in step order
     * @return T_stop, the step of the first evaluation that meets the criterion; empty if none does
     */
    public OptionalInt stopStep(List<Evaluation> curve) {
        for (Evaluation evaluation : curve) {
            if (isMet(evaluation)) {
                return OptionalInt.of(evaluation.step());
            }
        }
        return OptionalInt.empty();
    }

    /** @return e.g. {@code train-error < 0.01} */
    @Override
    public String toString() {
        return kind.id() + " < " + threshold;
    }
}
