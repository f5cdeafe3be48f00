package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.config.ComponentConfigs.Resolved;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.settings.TestSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * An experiment's data sources, opened and checked before any training: the data (its pool must hold the
 * test set, the largest train set and the ideal world's T·B fresh examples), the pretraining data (same
 * input shape) and the separate test data of {@code evaluation.test-data} or of each {@code evaluation.test-sets}
 * entry that is another source (same shape and classes, enough examples). Closing it closes them; closing twice is
 * harmless.
 */
public final class ExperimentData implements AutoCloseable {
    private final DataSource data;
    private final DataSource pretraining;
    private final DataSource test;
    private final List<DataSource> testSets = new ArrayList<>();
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
            opened = new ExperimentData(data, pretraining, test);
            for (TestSet t : settings.evaluation().testSets()) {
                opened.testSets.add(t.own() || sameAsData(t, settings) ? null : otherTest(settings, context, data,
                        t.source(), t.key(), t::error));
            }
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** A test-set block identical to the data's own block is the data's own test split (disjoint from S). */
    private static boolean sameAsData(TestSet t, ExperimentSettings settings) {
        Resolved<DataSourceFactory> own = settings.data().source();
        return t.source().type().equals(own.type())
                && t.source().config().root().unwrapped().equals(own.config().root().unwrapped());
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
        return otherTest(settings, context, data, settings.evaluation().testData(), "evaluation.test-data",
                ConfigError::new);
    }

    private static DataSource otherTest(ExperimentSettings settings, RunContexts.Data context, DataSource data,
                                        Resolved<DataSourceFactory> block, String key, Function<String, ConfigError> error) {
        DataSource test = RunContexts.Data.create(block, context, key);
        try {
            if (!test.inputShape().equals(data.inputShape()) || test.numClasses() != data.numClasses()) {
                throw error.apply((key.equals("evaluation.test-data") ? key + " (" + block.type() + "): " : block.type() + ": ")
                        + test.inputShape() + " with " + test.numClasses() + " classes differs from the data's "
                        + data.inputShape() + " with " + data.numClasses() + " classes");
            }
            DataSplit.checkTestCapacity(test, settings, block.type(), key);
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

    /**
     * @return per entry of {@code evaluation.test-sets}, in order: its opened data source, or null for the data's
     *     own test split; empty without the key
     */
    public List<DataSource> testSets() {
        return Collections.unmodifiableList(testSets);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        testSets.stream().filter(d -> d != null).forEach(DataSource::close);
        for (DataSource d : new DataSource[] {test, pretraining, data}) {
            if (d != null) {
                d.close();
            }
        }
    }
}
