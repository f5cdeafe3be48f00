package io.deepbootstrap.core.result;

import io.deepbootstrap.api.run.Evaluation;
import java.util.Optional;

/**
 * What both worlds recorded at one step: the real world's and the ideal world's evaluation at exactly
 * that step, either missing if that world has no evaluation there (a run that stopped or failed before
 * it, or a run evaluated on another grid). Never interpolated.
 *
 * @param step the optimizer step
 * @param real the real world's evaluation at {@code step}, or {@code null}
 * @param ideal the ideal world's evaluation at {@code step}, or {@code null}
 */
public record StepPair(int step, Evaluation real, Evaluation ideal) {

    /**
     * @throws IllegalArgumentException if an evaluation is of another step
     */
    public StepPair {
        for (Evaluation e : new Evaluation[] {real, ideal}) {
            if (e != null && e.step() != step) {
                throw new IllegalArgumentException("evaluation of step " + e.step() + " given for step " + step);
            }
        }
    }

    /** @return the real world's evaluation, if it has one at this step */
    public Optional<Evaluation> realEvaluation() {
        return Optional.ofNullable(real);
    }

    /** @return the ideal world's evaluation, if it has one at this step */
    public Optional<Evaluation> idealEvaluation() {
        return Optional.ofNullable(ideal);
    }

    /**
     * @param metric a metric name
     * @return the real world's test value at this step, NaN if absent
     */
    public double realTest(String metric) {
        return real == null ? Double.NaN : real.test().getOrDefault(metric, Double.NaN);
    }

    /**
     * @param metric a metric name
     * @return the ideal world's test value at this step, NaN if absent
     */
    public double idealTest(String metric) {
        return ideal == null ? Double.NaN : ideal.test().getOrDefault(metric, Double.NaN);
    }
}
