package io.deepbootstrap.core.labeler;

import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.core.engine.BatchSource;
import io.deepbootstrap.core.engine.EpochBatchSource;
import io.deepbootstrap.core.engine.ExampleSet;
import io.deepbootstrap.core.engine.FreshGeneratorBatchSource;
import io.deepbootstrap.core.engine.MaterializedExampleSet;
import io.deepbootstrap.core.engine.PoolExampleSet;
import io.deepbootstrap.core.engine.RandomStreams;
import io.deepbootstrap.core.engine.RandomStreams.Purpose;
import java.util.stream.LongStream;

/**
 * What a labeller trains and is measured on, from the real source: a pool's first {@code train-examples}
 * examples and the first {@code test-examples} of its designated test split; a pool without one keeps its last
 * {@code test-examples} (at most a fifth of it) apart as the test set; a generator gives fresh draws to train on
 * and {@code test-examples} draws of another stream to test on.
 *
 * @param train the training batches (epochs over the training examples, or fresh draws)
 * @param trainSize how many distinct training examples (0 for a generator: every draw is new)
 * @param test the test examples
 */
record LabelerData(BatchSource train, int trainSize, ExampleSet test) {

    /**
     * @param source the real source
     * @param spec the labeller's settings
     * @return its training batches and test set
     * @throws IllegalArgumentException if a pool is too small to hold a test set apart
     */
    static LabelerData of(DataSource source, LabelerSpec spec) {
        if (source instanceof ExampleGenerator g) {
            ExampleSet test = MaterializedExampleSet.draw(g, spec.testExamples(), RandomStreams.stream(spec.seed(), Purpose.TEST), 0);
            return new LabelerData(new FreshGeneratorBatchSource(g, RandomStreams.stream(spec.seed(), Purpose.FRESH)), 0, test);
        }
        ExamplePool pool = (ExamplePool) source;
        long size = pool.size();
        ExampleSet test;
        long trainable;
        if (pool.testPool().isPresent()) {
            ExamplePool testPool = pool.testPool().get();
            test = new PoolExampleSet(testPool, range(0, Math.min(testPool.size(), spec.testExamples())), "labeller test");
            trainable = size;
        } else {
            long held = Math.min(spec.testExamples(), size / 5);
            if (held < 1) {
                throw new IllegalArgumentException("the source has " + size + " examples, too few to hold a test set apart for the labeller");
            }
            test = new PoolExampleSet(pool, range(size - held, size), "labeller test");
            trainable = size - held;
        }
        int trainSize = (int) Math.min(trainable, spec.trainExamples());
        ExampleSet train = new PoolExampleSet(pool, range(0, trainSize), "labeller train");
        return new LabelerData(new EpochBatchSource(train, RandomStreams.stream(spec.seed(), Purpose.ORDER)), trainSize, test);
    }

    private static long[] range(long from, long to) {
        return LongStream.range(from, to).toArray();
    }
}
