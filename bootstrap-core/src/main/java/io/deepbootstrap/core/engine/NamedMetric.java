package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.metric.Metric;

/**
 * A metric with the name it is reported under.
 *
 * @param name the metric component's name, e.g. {@code soft-error}
 * @param metric the metric
 */
public record NamedMetric(String name, Metric metric) {
}
