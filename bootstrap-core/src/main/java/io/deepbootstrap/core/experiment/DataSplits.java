package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.core.engine.DrawStopped;
import io.deepbootstrap.core.engine.TestSets;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.settings.TestSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data cache of an experiment: each seed's split of the data into disjoint parts (the test set, the
 * real world's train sets, the ideal world's fresh stream), with label noise applied, computed on first use
 * and shared by every run of that seed, whichever thread or order the runs come in.
 */
public final class DataSplits {
    private static final Logger LOG = LoggerFactory.getLogger(DataSplits.class);

    private final ExperimentSettings settings;
    private final ExperimentData data;
    private final Map<Long, DataSplit> bySeed = new ConcurrentHashMap<>();
    private final Map<Long, TestSets> testSetsBySeed = new ConcurrentHashMap<>();

    /**
     * @param settings the experiment
     * @param data its opened data sources
     */
    public DataSplits(ExperimentSettings settings, ExperimentData data) {
        this.settings = settings;
        this.data = data;
    }

    /**
     * @param seed a run seed
     * @return its split, the same object for every call with this seed
     */
    public DataSplit of(long seed) {
        return of(seed, () -> false);
    }

    /**
     * @param seed a run seed
     * @param stop whether to give up while a generator's examples are drawn (a signal): nothing is kept then, and
     *     the next call draws the split from the start
     * @return its split, the same object for every call with this seed
     * @throws DrawStopped if {@code stop} held during a draw
     */
    public DataSplit of(long seed, BooleanSupplier stop) {
        return bySeed.computeIfAbsent(seed, s -> {
            if (data.data() instanceof ExampleGenerator) {
                LOG.info("seed {}: drawing its data ({} test and {} train examples from {})", s, settings.data().testSize(),
                        Collections.max(settings.data().trainSizes()), settings.data().source().type());
            }
            DataSplit split = DataSplit.create(data.data(), settings.data().source().type(), s, settings.data().testSize(),
                    Collections.max(settings.data().trainSizes()), stop);
            if (data.test() != null) {
                split.withTestSource(data.test(), settings.evaluation().testData().type(), settings.data().testSize(), stop);
            }
            return split.withLabelNoise(settings.training().labelNoise());
        });
    }

    /**
     * @param seed a run seed
     * @return its test sets, primary first: the split's own test set alone without {@code evaluation.test-sets};
     *     else per entry the split's own test set (with the data's label noise) or one drawn from the entry's
     *     other source (its own labels); the same object for every call with this seed
     */
    public TestSets testSets(long seed) {
        return testSets(seed, () -> false);
    }

    /**
     * @param seed a run seed
     * @param stop whether to give up while a generator's examples are drawn (a signal)
     * @return its test sets, as {@link #testSets(long)}
     * @throws DrawStopped if {@code stop} held during a draw
     */
    public TestSets testSets(long seed, BooleanSupplier stop) {
        return testSetsBySeed.computeIfAbsent(seed, s -> {
            DataSplit split = of(s, stop);
            List<TestSet> entries = settings.evaluation().testSets();
            if (entries.isEmpty()) {
                return TestSets.single(split.test());
            }
            List<TestSets.Named> sets = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                DataSource other = data.testSets().get(i);
                TestSet entry = entries.get(i);
                sets.add(new TestSets.Named(entry.name(), other == null ? split.test()
                        : split.testFrom(other, entry.source().type(), settings.data().testSize(), stop)));
            }
            return new TestSets(sets);
        });
    }

    /**
     * Forgets a seed's split and test sets (the next call for it computes them again, with the same contents):
     * called once the last run of the seed has finished, so that a sweep keeps one seed's data at a time
     * instead of every seed's.
     *
     * @param seed a run seed
     */
    public void release(long seed) {
        testSetsBySeed.remove(seed);
        bySeed.remove(seed);
    }
}
