package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.core.settings.ExperimentSettings;

/**
 * An experiment's data sources, opened and checked before any training: the data (its pool must hold the
 * test set, the largest train set and the ideal world's T·B fresh examples), the pretraining data (same
 * input shape) and the separate test data (same shape and classes, enough examples). Closing it closes
 * them; closing twice is harmless.
 */
public final class ExperimentData implements AutoCloseable {
    private final DataSource data;
    private final DataSource pretraining;
    private final DataSource test;
    private boolean closed;

    private ExperimentData(DataSource data, DataSource pretraining, DataSource test) {
        this.data = data;
        this.pretraining = pretraining;
        this.test = test;
    }

    /**
     * @param settings the experiment
     * @param registry the components
     * @return the opened sources
     * @throws ConfigError if a source rejects its configuration or cannot serve the runs
     */
    public static ExperimentData open(ExperimentSettings settings, ComponentRegistry registry) {
        RunContexts.Data context = context(settings, registry);
        DataSource data = RunContexts.Data.create(settings.data().source(), context, "data");
        ExperimentData opened = new ExperimentData(data, null, null);
        try {
            DataSplit.checkCapacity(data, settings);
            DataSource pretraining = settings.pretraining().steps() > 0 ? pretrainingData(settings, context, data) : null;
            opened = new ExperimentData(data, pretraining, null);
            DataSource test = settings.evaluation().testData() != null ? testData(settings, context, data) : null;
            return new ExperimentData(data, pretraining, test);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private static DataSource pretrainingData(ExperimentSettings settings, RunContexts.Data context, DataSource data) {
        DataSource pretraining = RunContexts.Data.create(settings.pretraining().data(), context, "pretraining.data");
        if (!pretraining.inputShape().equals(data.inputShape())) {
            pretraining.close();
            throw new ConfigError("pretraining.data (" + settings.pretraining().data().type() + "): input shape "
                    + pretraining.inputShape() + " differs from the data's " + data.inputShape());
        }
        return pretraining;
    }

    private static DataSource testData(ExperimentSettings settings, RunContexts.Data context, DataSource data) {
        DataSource test = RunContexts.Data.create(settings.evaluation().testData(), context, "evaluation.test-data");
        try {
            if (!test.inputShape().equals(data.inputShape()) || test.numClasses() != data.numClasses()) {
                throw new ConfigError("evaluation.test-data (" + settings.evaluation().testData().type() + "): " + test.inputShape()
                        + " with " + test.numClasses() + " classes differs from the data's " + data.inputShape()
                        + " with " + data.numClasses() + " classes");
            }
            DataSplit.checkTestCapacity(test, settings);
            return test;
        } catch (RuntimeException e) {
            test.close();
            throw e;
        }
    }

    /**
     * Opens the experiment's data source alone, unchecked (for commands that sample it, such as
     * {@code generate}).
     *
     * @param settings the experiment
     * @param registry the components
     * @return the data source; the caller closes it
     * @throws ConfigError if the source rejects its configuration
     */
    public static DataSource openDataOnly(ExperimentSettings settings, ComponentRegistry registry) {
        return RunContexts.Data.create(settings.data().source(), context(settings, registry), "data");
    }

    private static RunContexts.Data context(ExperimentSettings settings, ComponentRegistry registry) {
        return new RunContexts.Data(settings.baseDirectory(), settings.experiment().cacheDirectory(),
                new ComponentConfigs(registry, settings.merged()));
    }

    /** @return the data the worlds train on */
    public DataSource data() {
        return data;
    }

    /** @return the pretraining data, or null without pretraining */
    public DataSource pretraining() {
        return pretraining;
    }

    /** @return the separate test data ({@code evaluation.test-data}), or null if the test set comes from the data */
    public DataSource test() {
        return test;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DataSource d : new DataSource[] {test, pretraining, data}) {
            if (d != null) {
                d.close();
            }
        }
    }
}
