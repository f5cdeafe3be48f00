package io.deepbootstrap.api.metric;

/** What the framework offers a metric factory. */
public interface MetricContext {

    /** @return the number of classes of the data */
    int numClasses();
}
