package io.deepbootstrap.plugins.ece;

import com.typesafe.config.Config;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.metric.Metric;
import io.deepbootstrap.api.metric.MetricContext;
import io.deepbootstrap.api.metric.MetricFactory;

/**
 * Example metric plugin: {@code ece}, the expected calibration error (Guo et al., 2017). Examples are
 * grouped by their confidence (the largest softmax probability) into {@code bins} equal-width bins over
 * [0, 1]; ECE is the example-weighted mean, over bins, of |accuracy − mean confidence|. 0 means
 * perfectly calibrated. Results get the columns {@code test_ece} and {@code train_ece}.
 *
 * <p>Keys (defaults in this plugin's {@code reference.conf} under {@code bootstrap.components.metric.ece}):
 * {@code bins}.
 */
public final class EceMetric implements MetricFactory {

    @Override
    public String name() {
        return "ece";
    }

    @Override
    public String description() {
        return "expected calibration error over equal-width confidence bins (example plugin)";
    }

    @Override
    public Metric create(Config config, MetricContext context) {
        int bins = ConfigValues.positiveInt(config, "bins");
        return (probabilities, labels, count, numClasses) -> ece(probabilities, labels, count, numClasses, bins);
    }

    /**
     * @param probabilities softmax outputs, example-major
     * @param labels true labels
     * @param count examples
     * @param numClasses classes
     * @param bins equal-width confidence bins; bin b holds confidences in (b/bins, (b+1)/bins], bin 0 also 0
     * @return the expected calibration error
     */
    static double ece(float[] probabilities, int[] labels, int count, int numClasses, int bins) {
        if (count == 0) {
            return Double.NaN;
        }
        double[] confidence = new double[bins];
        double[] correct = new double[bins];
        for (int i = 0; i < count; i++) {
            int base = i * numClasses;
            int best = 0;
            for (int c = 1; c < numClasses; c++) {
                if (probabilities[base + c] > probabilities[base + best]) {
                    best = c;
                }
            }
            double p = probabilities[base + best];
            int bin = Math.min(bins - 1, Math.max(0, (int) Math.ceil(p * bins) - 1));
            confidence[bin] += p;
            correct[bin] += best == labels[i] ? 1 : 0;
        }
        double sum = 0;
        for (int b = 0; b < bins; b++) {
            sum += Math.abs(correct[b] - confidence[b]);
        }
        return sum / count;
    }
}
