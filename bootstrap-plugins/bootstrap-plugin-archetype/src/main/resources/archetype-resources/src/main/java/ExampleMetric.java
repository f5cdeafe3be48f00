package ${package};

import com.typesafe.config.Config;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.metric.Metric;
import io.deepbootstrap.api.metric.MetricContext;
import io.deepbootstrap.api.metric.MetricFactory;

/**
 * Metric {@code ${pluginId}-top-k-error}: the share of examples whose label is not among the {@code k} most probable
 * classes. Results get the columns {@code test_${pluginId}-top-k-error} and {@code train_...}, and a plot.
 */
public final class ExampleMetric implements MetricFactory {
    @Override
    public String name() {
        return "${pluginId}-top-k-error";
    }

    @Override
    public String description() {
        return "top-k error: the label is not among the k most probable classes (${pluginId})";
    }

    @Override
    public Metric create(Config config, MetricContext context) {
        int k = ConfigValues.intInRange(config, "k", 1, context.numClasses());
        return (probabilities, labels, count, numClasses) -> topKError(probabilities, labels, count, numClasses, k);
    }

    /**
     * @param probabilities softmax outputs, example-major
     * @param labels the true labels
     * @param count examples
     * @param numClasses classes
     * @param k how many of the most probable classes count as right
     * @return the top-k error in [0, 1]
     */
    static double topKError(float[] probabilities, int[] labels, int count, int numClasses, int k) {
        int wrong = 0;
        for (int i = 0; i < count; i++) {
            float own = probabilities[i * numClasses + labels[i]];
            int better = 0;
            for (int c = 0; c < numClasses; c++) {
                better += probabilities[i * numClasses + c] > own ? 1 : 0;
            }
            wrong += better >= k ? 1 : 0;
        }
        return count == 0 ? Double.NaN : (double) wrong / count;
    }
}
