package io.deepbootstrap.testkit.sample;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.deepbootstrap.api.metric.Metric;
import io.deepbootstrap.api.metric.MetricContext;
import io.deepbootstrap.api.metric.MetricFactory;

/** A plugin component for the kit's own tests: {@code label-share}, the share of examples whose label is {@code label}. */
public final class LabelShareMetric implements MetricFactory {
    @Override
    public String name() {
        return "label-share";
    }

    @Override
    public String description() {
        return "share of examples with one label (the test kit's sample plugin)";
    }

    @Override
    public Metric create(Config config, MetricContext context) {
        int label = config.getInt("label");
        if (label < 0 || label >= context.numClasses()) {
            throw new ConfigException.BadValue(config.origin(), "label",
                    "expected a label in [0, " + context.numClasses() + "), got " + label);
        }
        return (probabilities, labels, count, numClasses) -> {
            int n = 0;
            for (int i = 0; i < count; i++) {
                n += labels[i] == label ? 1 : 0;
            }
            return (double) n / count;
        };
    }
}
