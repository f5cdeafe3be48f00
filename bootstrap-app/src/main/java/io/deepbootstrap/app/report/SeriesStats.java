package io.deepbootstrap.app.report;

import java.util.List;

/**
 * One metric column of several runs (seeds) on a common step axis: at each step the mean, minimum and
 * maximum over the runs that have a finite value there; NaN where none has.
 *
 * @param mean mean over seeds per step
 * @param min minimum over seeds per step
 * @param max maximum over seeds per step
 * @param seeds how many runs had at least one finite value
 */
record SeriesStats(double[] mean, double[] min, double[] max, int seeds) {

    /**
     * @param runs runs that differ only in their seed
     * @param column the metric column, e.g. {@code test_soft_error}
     * @param x the step axis, increasing
     * @return the statistics on that axis
     */
    static SeriesStats of(List<RunCurve> runs, String column, double[] x) {
        double[] sum = new double[x.length];
        int[] count = new int[x.length];
        double[] min = new double[x.length];
        double[] max = new double[x.length];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        int seeds = 0;
        for (RunCurve run : runs) {
            double[] values = run.values().get(column);
            if (values == null) {
                continue;
            }
            boolean any = false;
            for (int i = 0; i < run.steps().length; i++) {
                int at = java.util.Arrays.binarySearch(x, run.steps()[i]);
                if (at >= 0 && Double.isFinite(values[i])) {
                    sum[at] += values[i];
                    count[at]++;
                    min[at] = Math.min(min[at], values[i]);
                    max[at] = Math.max(max[at], values[i]);
                    any = true;
                }
            }
            seeds += any ? 1 : 0;
        }
        double[] mean = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            mean[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
            if (count[i] == 0) {
                min[i] = Double.NaN;
                max[i] = Double.NaN;
            }
        }
        return new SeriesStats(mean, min, max, seeds);
    }

    /** @return whether no step has a value */
    boolean isEmpty() {
        return seeds == 0;
    }

    /**
     * @param x the step axis these statistics are on
     * @param step a step
     * @return the mean at that step, interpolated linearly in log(step) between the nearest steps with a
     *     value; NaN outside them
     */
    double meanAt(double[] x, double step) {
        int below = -1;
        int above = -1;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(mean[i]) && x[i] <= step) {
                below = i;
            }
            if (Double.isFinite(mean[i]) && x[i] >= step && above < 0) {
                above = i;
            }
        }
        if (below < 0 || above < 0) {
            return Double.NaN;
        }
        if (below == above || x[above] == x[below]) {
            return mean[below];
        }
        double f = (Math.log(step) - Math.log(x[below])) / (Math.log(x[above]) - Math.log(x[below]));
        return mean[below] + f * (mean[above] - mean[below]);
    }
}
