package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.engine.BatchSource;
import io.deepbootstrap.core.engine.DrawStopped;
import io.deepbootstrap.core.engine.ExampleSet;
import io.deepbootstrap.core.engine.FreshGeneratorBatchSource;
import io.deepbootstrap.core.engine.LabelNoise;
import io.deepbootstrap.core.engine.MaterializedExampleSet;
import io.deepbootstrap.core.engine.PoolExampleSet;
import io.deepbootstrap.core.engine.PoolStreamBatchSource;
import io.deepbootstrap.core.engine.RandomStreams;
import io.deepbootstrap.core.engine.RandomStreams.Purpose;
import io.deepbootstrap.core.engine.Shuffle;
import io.deepbootstrap.core.settings.ExperimentSettings;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * One seed's division of a data source into the test set, the real world's train sets (nested: S for a
 * smaller N is a prefix of S for a larger one) and the ideal world's fresh stream, all disjoint.
 *
 * <p>Generators: the test set, the train sets and the fresh stream are drawn with three separate random
 * streams. Pools: a random permutation of the pool is cut into [train | ideal] (or [test | train | ideal]
 * when the pool has no designated test set); the ideal world walks its range once, so no example is reused.
 */
public final class DataSplit {
    private final DataSource source;
    private final String name;
    private final long seed;
    private ExampleSet test;
    private final ExampleSet largestTrain;
    private final int[] permutation;
    private final int idealStart;
    private LabelNoise trainNoise;
    private LabelNoise testNoise;

    private DataSplit(DataSource source, String name, long seed, ExampleSet test, ExampleSet largestTrain,
                      int[] permutation, int idealStart) {
        this.source = source;
        this.name = name;
        this.seed = seed;
        this.test = test;
        this.largestTrain = largestTrain;
        this.permutation = permutation;
        this.idealStart = idealStart;
    }

    /**
     * Checks, before anything is trained, that a pool holds enough examples for the test set, the largest
     * train set and T·B fresh ideal-world examples; the message names the keys involved and where each was set.
     *
     * @param source the experiment's data source
     * @param settings the experiment
     * @throws ConfigError naming the numbers needed and available
     */
    public static void checkCapacity(DataSource source, ExperimentSettings settings) {
        int steps = settings.training().steps();
        int batchSize = settings.training().batchSize();
        checkCapacity(source, settings.data().source().type(), settings.data().testSize(), settings.data().trainSizes(),
                (long) steps * batchSize, steps, batchSize, settings::location);
    }

    /**
     * {@link #checkCapacity(DataSource, ExperimentSettings)} without the keys' locations.
     *
     * @param source the data source
     * @param name its type, for messages
     * @param testSize M
     * @param trainSizes the N values
     * @param idealExamples T·B
     * @param steps T (for the message)
     * @param batchSize B (for the message)
     * @throws ConfigError naming the numbers needed and available
     */
    public static void checkCapacity(DataSource source, String name, int testSize, List<Integer> trainSizes,
                                     long idealExamples, int steps, int batchSize) {
        checkCapacity(source, name, testSize, trainSizes, idealExamples, steps, batchSize, key -> null);
    }

    private static void checkCapacity(DataSource source, String name, int testSize, List<Integer> trainSizes,
                                      long idealExamples, int steps, int batchSize, UnaryOperator<String> where) {
        if (!(source instanceof ExamplePool pool)) {
            return;
        }
        int maxN = Collections.max(trainSizes);
        long size = pool.size();
        String pooled = "'" + name + "'" + in(where, "data.type");
        if (size > Integer.MAX_VALUE) {
            throw new ConfigError(at(where, "data.type", "data", "pool '" + name + "' has " + size + " examples; at most "
                    + Integer.MAX_VALUE + " are supported"));
        }
        long testTaken = 0;
        if (pool.testPool().isPresent()) {
            long available = pool.testPool().get().size();
            if (testSize > available) {
                throw new ConfigError(at(where, "data.test-size", "data.test-size", String.format(Locale.ROOT,
                        "%,d test examples requested but the test split of %s has only %,d", testSize, pooled, available)));
            }
        } else {
            testTaken = testSize;
        }
        long left = size - testTaken - maxN;
        if (left < 0) {
            throw new ConfigError(at(where, "data.train-sizes", "data.train-sizes", String.format(Locale.ROOT,
                    "N = %,d plus %,d test examples for data.test-size%s exceed the %,d examples of pool %s",
                    maxN, testTaken, in(where, "data.test-size"), size, pooled)));
        }
        if (idealExamples > left) {
            throw new ConfigError(at(where, "data.type", "data", String.format(Locale.ROOT,
                    "the ideal world needs T*B = %,d*%,d = %,d fresh examples, but pool '%s' has only %,d left "
                            + "(%,d in all, minus %,d for the test set and %,d for the largest train set); "
                            + "lower training.steps%s or training.batch-size%s, or use a larger pool or a generator",
                    steps, batchSize, idealExamples, name, left, size, testTaken, maxN,
                    in(where, "training.steps"), in(where, "training.batch-size"))));
        }
    }

    /**
     * @param source a separate test distribution
     * @param settings the experiment
     * @throws ConfigError if it is a pool with fewer than M test examples
     */
    public static void checkTestCapacity(DataSource source, ExperimentSettings settings) {
        checkTestCapacity(source, settings, settings.evaluation().testData().type(), "evaluation.test-data");
    }

    /**
     * @param source a separate test distribution
     * @param settings the experiment
     * @param type its type, for the message
     * @param key the key it was configured at ({@code evaluation.test-data} or {@code evaluation.test-sets[i]})
     * @throws ConfigError if it is a pool with fewer than M test examples
     */
    public static void checkTestCapacity(DataSource source, ExperimentSettings settings, String type, String key) {
        if (source instanceof ExamplePool pool) {
            long available = pool.testPool().map(ExamplePool::size).orElse(pool.size());
            int testSize = settings.data().testSize();
            if (testSize > available) {
                throw new ConfigError(at(settings::location, "data.test-size", "data.test-size", String.format(Locale.ROOT,
                        "%,d test examples requested but %s '%s'%s has only %,d", testSize, key,
                        type, in(settings::location, key.replaceAll("\\[.*", "")), available)));
            }
        }
    }

    /** {@code location: key: message}, or {@code key: message} when the location is unknown. */
    private static String at(UnaryOperator<String> where, String locatedKey, String key, String message) {
        String location = where.apply(locatedKey);
        return (location == null ? "" : location + ": ") + key + ": " + message;
    }

    /** {@code " (at location)"} for a key whose location is known, else {@code ""}. */
    private static String in(UnaryOperator<String> where, String key) {
        String location = where.apply(key);
        return location == null ? "" : " (" + (location.startsWith("default") ? "" : "at ") + location + ")";
    }

    /**
     * @param source the data source (capacity already checked)
     * @param name its type, for messages
     * @param seed the run seed
     * @param testSize M
     * @param maxTrainSize the largest N
     * @return the split
     */
    public static DataSplit create(DataSource source, String name, long seed, int testSize, int maxTrainSize) {
        return create(source, name, seed, testSize, maxTrainSize, () -> false);
    }

    /**
     * {@link #create(DataSource, String, long, int, int)} that gives up a generator's draws when asked to stop.
     *
     * @param source the data source (capacity already checked)
     * @param name its type, for messages
     * @param seed the run seed
     * @param testSize M
     * @param maxTrainSize the largest N
     * @param stop whether to give up (checked while a generator's test and train sets are drawn)
     * @return the split
     * @throws DrawStopped if {@code stop} held during a draw
     */
    public static DataSplit create(DataSource source, String name, long seed, int testSize, int maxTrainSize, BooleanSupplier stop) {
        if (source instanceof ExampleGenerator generator) {
            ExampleSet test = MaterializedExampleSet.draw(generator, testSize, RandomStreams.stream(seed, Purpose.TEST), 2L << 40, stop);
            ExampleSet train = MaterializedExampleSet.draw(generator, maxTrainSize,
                    RandomStreams.stream(seed, Purpose.TRAIN_SAMPLE), 1L << 40, stop);
            return new DataSplit(source, name, seed, test, train, null, 0);
        }
        ExamplePool pool = (ExamplePool) source;
        int[] perm = Shuffle.permutation((int) pool.size(), RandomStreams.stream(seed, Purpose.TRAIN_SAMPLE));
        int at = 0;
        ExampleSet test;
        if (pool.testPool().isPresent()) {
            long[] idx = new long[testSize];
            Arrays.setAll(idx, i -> i);
            test = new PoolExampleSet(pool.testPool().get(), idx, name + " (test split)");
        } else {
            test = new PoolExampleSet(pool, toLong(perm, 0, testSize), name);
            at = testSize;
        }
        ExampleSet train = new PoolExampleSet(pool, toLong(perm, at, at + maxTrainSize), name);
        return new DataSplit(source, name, seed, test, train, perm, at + maxTrainSize);
    }

    private static long[] toLong(int[] a, int from, int to) {
        long[] out = new long[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = a[i];
        }
        return out;
    }

    /**
     * Evaluates on another distribution: the test set is drawn from {@code other} instead (its designated
     * test split if it has one, else M examples drawn with the test stream), e.g. to train on generated
     * data and test on real data.
     *
     * @param other the test distribution (same input shape and classes)
     * @param otherName its type, for messages
     * @param testSize M
     * @param stop whether to give up (checked while a generator's test set is drawn)
     * @return this split
     * @throws DrawStopped if {@code stop} held during the draw
     */
    public DataSplit withTestSource(DataSource other, String otherName, int testSize, BooleanSupplier stop) {
        test = testFrom(other, otherName, testSize, stop);
        return this;
    }

    /**
     * A test set drawn from another distribution, with its own labels (label noise belongs to this split's
     * distribution, not to another): its designated test split if it has one, else M examples drawn with the
     * test stream. The same for every call with the same arguments, wherever the set stands in a list of test sets.
     *
     * @param other the test distribution (same input shape and classes)
     * @param otherName its type, for messages
     * @param testSize M
     * @param stop whether to give up (checked while a generator's test set is drawn)
     * @return the test set
     * @throws DrawStopped if {@code stop} held during the draw
     */
    public ExampleSet testFrom(DataSource other, String otherName, int testSize, BooleanSupplier stop) {
        if (other instanceof ExampleGenerator generator) {
            return MaterializedExampleSet.draw(generator, testSize, RandomStreams.stream(seed, Purpose.TEST), 2L << 40, stop);
        }
        ExamplePool pool = (ExamplePool) other;
        ExamplePool from = pool.testPool().orElse(pool);
        long[] idx;
        if (pool.testPool().isPresent()) {
            idx = new long[testSize];
            Arrays.setAll(idx, i -> i);
        } else {
            idx = toLong(Shuffle.permutation((int) pool.size(), RandomStreams.stream(seed, Purpose.TEST)), 0, testSize);
        }
        return new PoolExampleSet(from, idx, otherName);
    }

    /**
     * Replaces a fraction of the labels of every set and stream of this split at random (train, fresh and
     * test examples alike), as in the reference code.
     *
     * @param probability p; 0 for none
     * @return this split
     */
    public DataSplit withLabelNoise(double probability) {
        if (probability > 0) {
            trainNoise = new LabelNoise(probability, source.numClasses(), RandomStreams.seed(seed, Purpose.LABEL_NOISE));
            testNoise = new LabelNoise(probability, source.numClasses(), RandomStreams.seed(seed, Purpose.TEST_LABEL_NOISE));
        }
        return this;
    }

    /** @return the test set */
    public ExampleSet test() {
        return testNoise == null ? test : testNoise.on(test);
    }

    /** @param n N @return the real world's train set S of size N (a prefix of the largest one) */
    public ExampleSet train(int n) {
        ExampleSet s = new PrefixExampleSet(largestTrain, n);
        return trainNoise == null ? s : trainNoise.on(s);
    }

    /** @return a new ideal-world source of fresh examples; every call starts the same stream again */
    public BatchSource freshBatches() {
        BatchSource fresh = source instanceof ExampleGenerator generator
                ? new FreshGeneratorBatchSource(generator, RandomStreams.stream(seed, Purpose.FRESH))
                : new PoolStreamBatchSource((ExamplePool) source, name, permutation, idealStart, permutation.length);
        return trainNoise == null ? fresh : trainNoise.on(fresh);
    }

    /** The first n examples of a set. */
    private record PrefixExampleSet(ExampleSet set, int size) implements ExampleSet {
        PrefixExampleSet {
            if (size > set.size()) {
                throw new IllegalArgumentException("train size " + size + " > " + set.size());
            }
        }

        @Override
        public io.deepbootstrap.api.InputShape shape() {
            return set.shape();
        }

        @Override
        public int read(int i, float[] features, int offset) {
            return set.read(i, features, offset);
        }

        @Override
        public long id(int i) {
            return set.id(i);
        }
    }
}
