package io.deepbootstrap.app.report;

import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.core.result.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One metric's curve averaged over seeds, with the range the seeds span: at every evaluated step the
 * mean, minimum and maximum over the seeds that have a finite value there. Steps below 1 are left out
 * (the plots use a logarithmic step axis).
 *
 * @param steps the steps, increasing
 * @param mean the mean over seeds at each step
 * @param lower the smallest seed value at each step
 * @param upper the largest seed value at each step
 */
public record SeedBand(double[] steps, double[] mean, double[] lower, double[] upper) {

    /**
     * @param runs runs of one world that differ only in their seed
     * @param values which metric map of an evaluation to read ({@link Evaluation#test} or
     *     {@link Evaluation#train})
     * @param metric the metric name
     * @return the band; empty if no run has a finite value of the metric
     */
    public static SeedBand of(List<RunRecord> runs, Function<Evaluation, Map<String, Double>> values,
                              String metric) {
        TreeMap<Integer, List<Double>> byStep = new TreeMap<>();
        for (RunRecord run : runs) {
            for (Evaluation evaluation : run.curve()) {
                Double value = values.apply(evaluation).get(metric);
                if (evaluation.step() >= 1 && value != null && Double.isFinite(value)) {
                    byStep.computeIfAbsent(evaluation.step(), s -> new ArrayList<>()).add(value);
                }
            }
        }
        int n = byStep.size();
        double[] steps = new double[n];
        double[] mean = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        int i = 0;
        for (Map.Entry<Integer, List<Double>> entry : byStep.entrySet()) {
            List<Double> seeds = entry.getValue();
            steps[i] = entry.getKey();
            mean[i] = seeds.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            lower[i] = seeds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            upper[i] = seeds.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            i++;
        }
        return new SeedBand(steps, mean, lower, upper);
    }

    /** @return whether the band has no point */
    public boolean isEmpty() {
        return steps.length == 0;
    }

    /** @return whether the seeds differ anywhere, i.e. a band is worth drawing */
    public boolean hasSpread() {
        for (int i = 0; i < steps.length; i++) {
            if (upper[i] > lower[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param step a step within the band's range
     * @return the mean curve at that step, linearly interpolated between evaluated steps; NaN outside
     *     the range
     */
    public double meanAt(double step) {
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] == step) {
                return mean[i];
            }
            if (steps[i] > step) {
                if (i == 0) {
                    return Double.NaN;
                }
                double t = (step - steps[i - 1]) / (steps[i] - steps[i - 1]);
                return mean[i - 1] + t * (mean[i] - mean[i - 1]);
            }
        }
        return Double.NaN;
    }

    /**
     * @return the outline of the area between lower and upper: x along the upper edge, then back along
     *     the lower edge (for a polygon series)
     */
    public double[][] outline() {
        int n = steps.length;
        double[] x = new double[2 * n];
        double[] y = new double[2 * n];
        for (int i = 0; i < n; i++) {
            x[i] = steps[i];
            y[i] = upper[i];
            x[2 * n - 1 - i] = steps[i];
            y[2 * n - 1 - i] = lower[i];
        }
        return new double[][] {x, y};
    }
}
