package io.deepbootstrap.core.metric;

import com.typesafe.config.Config;
import io.deepbootstrap.api.metric.Metric;
import io.deepbootstrap.api.metric.MetricContext;
import io.deepbootstrap.api.metric.MetricFactory;

/** The metrics of the Deep Bootstrap paper, each averaged over the examples. */
public final class BuiltInMetrics {
    private BuiltInMetrics() {
    }

    /** Classification error: the fraction with {@code argmax p != y} (ties go to the lowest class). */
    public static final class ErrorFactory implements MetricFactory {
        @Override
        public String name() {
            return "error";
        }

        @Override
        public String description() {
            return "classification error, mean of 1[argmax p != y]";
        }

        @Override
        public Metric create(Config config, MetricContext context) {
            return (p, labels, count, k) -> {
                long wrong = 0;
                for (int i = 0; i < count; i++) {
                    int best = 0;
                    for (int c = 1; c < k; c++) {
                        if (p[i * k + c] > p[i * k + best]) {
                            best = c;
                        }
                    }
                    if (best != labels[i]) {
                        wrong++;
                    }
                }
                return (double) wrong / count;
            };
        }
    }

    /** Soft-error: the mean of {@code 1 - p_y}, the authors' main metric. */
    public static final class SoftErrorFactory implements MetricFactory {
        @Override
        public String name() {
            return "soft-error";
        }

        @Override
        public String description() {
            return "soft-error, mean of 1 - p_y (smoother than error)";
        }

        @Override
        public Metric create(Config config, MetricContext context) {
            return (p, labels, count, k) -> {
                double sum = 0;
                for (int i = 0; i < count; i++) {
                    sum += 1.0 - p[i * k + labels[i]];
                }
                return sum / count;
            };
        }
    }

    /** Cross-entropy: the mean of {@code -log p_y}, with p_y floored at the smallest normal float. */
    public static final class LossFactory implements MetricFactory {
        @Override
        public String name() {
            return "loss";
        }

        @Override
        public String description() {
            return "cross-entropy loss, mean of -log p_y";
        }

        @Override
        public Metric create(Config config, MetricContext context) {
            return (p, labels, count, k) -> {
                double sum = 0;
                for (int i = 0; i < count; i++) {
                    float py = p[i * k + labels[i]];
                    sum -= Math.log(Float.isNaN(py) ? Double.NaN : Math.max(py, Float.MIN_NORMAL));
                }
                return sum / count;
            };
        }
    }
}
