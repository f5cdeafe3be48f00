package io.deepbootstrap.core.result;

import java.util.Collection;

/**
 * Mean and sample standard deviation of a set of values.
 *
 * @param mean the mean, NaN if {@code n == 0}
 * @param std the sample standard deviation (divisor {@code n - 1}); 0 for one value, NaN for none
 * @param n how many values went in
 */
public record MeanStd(double mean, double std, int n) {

    /**
     * @param values the values; non-finite ones (NaN, infinities) are left out
     * @return their mean and sample standard deviation
     */
    public static MeanStd of(Collection<Double> values) {
        double[] finite = values.stream().filter(v -> v != null && Double.isFinite(v))
                .mapToDouble(Double::doubleValue).toArray();
        int n = finite.length;
        if (n == 0) {
            return new MeanStd(Double.NaN, Double.NaN, 0);
        }
        double sum = 0;
        for (double v : finite) {
            sum += v;
        }
        double mean = sum / n;
        if (n == 1) {
            return new MeanStd(mean, 0, 1);
        }
        double squares = 0;
        for (double v : finite) {
            squares += (v - mean) * (v - mean);
        }
        return new MeanStd(mean, Math.sqrt(squares / (n - 1)), n);
    }

    /** @return whether any value went in */
    public boolean isEmpty() {
        return n == 0;
    }
}
