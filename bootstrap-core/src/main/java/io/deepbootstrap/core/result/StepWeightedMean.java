package io.deepbootstrap.core.result;

/**
 * The average of a quantity over a range of optimizer steps when it is known only at some evaluated
 * steps: the quantity is taken as linear between neighbouring evaluated steps and integrated with the
 * trapezoid rule, then divided by the length of the range,
 * <pre>
 *   mean = Σ_i (s_{i+1} - s_i) · (v_i + v_{i+1}) / 2  /  (s_last - s_first)
 * </pre>
 * So every step weighs the same, however the evaluations are spaced: with log-spaced evaluations an
 * unweighted mean of the points would give the first few steps (where both worlds sit at chance and the
 * gap is about 0) most of the weight. A single evaluated step averages to its own value.
 */
public final class StepWeightedMean {

    private StepWeightedMean() {
    }

    /**
     * @param steps evaluated steps, strictly increasing
     * @param values the quantity at those steps; points whose value is not finite are left out
     * @return the step-weighted mean over [first finite step, last finite step]; NaN if no value is finite
     * @throws IllegalArgumentException if the arrays differ in length or the steps do not increase
     */
    public static double of(int[] steps, double[] values) {
        if (steps.length != values.length) {
            throw new IllegalArgumentException("steps and values differ in length: " + steps.length + " vs "
                    + values.length);
        }
        double area = 0;
        int first = -1;
        int previous = -1;
        for (int i = 0; i < steps.length; i++) {
            if (i > 0 && steps[i] <= steps[i - 1]) {
                throw new IllegalArgumentException("steps must increase, got " + steps[i - 1] + " then " + steps[i]);
            }
            if (!Double.isFinite(values[i])) {
                continue;
            }
            if (first < 0) {
                first = i;
            } else {
                area += (steps[i] - steps[previous]) * (values[i] + values[previous]) / 2;
            }
            previous = i;
        }
        if (first < 0) {
            return Double.NaN;
        }
        return previous == first ? values[first] : area / (steps[previous] - steps[first]);
    }
}
