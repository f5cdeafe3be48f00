package io.deepbootstrap.api.metric;

import io.deepbootstrap.api.ComponentFactory;

/**
 * Builds a {@link Metric} named in {@code evaluation.metrics}. Its {@link #name()} becomes the metric's
 * column in results ({@code test_<name>}, {@code train_<name>}, hyphens turned into underscores).
 * Defaults live under {@code bootstrap.components.metric.<name>}.
 */
public interface MetricFactory extends ComponentFactory<Metric, MetricContext> {
}
