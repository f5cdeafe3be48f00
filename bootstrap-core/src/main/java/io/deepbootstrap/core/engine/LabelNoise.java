package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.core.checkpoint.StateTree;

/**
 * Label noise as the Deep Bootstrap authors define it ({@code add_noise} in their {@code train.py}): with
 * probability p an example's label is replaced by a <em>different</em> class, drawn uniformly among the
 * other {@code numClasses - 1}; otherwise it is kept. So a fraction p of the labels is wrong (in
 * expectation; over many examples the measured fraction is p within sampling error), not
 * {@code p * (1 - 1/numClasses)} as when the replacement may hit the true class.
 *
 * <p>The decision and the new label are a fixed function of the seed and the example's identifier, so an
 * example keeps its noisy label every time it is seen, in whichever world sees it. The engine applies it
 * to the real world's train set S, the ideal world's fresh stream and the test set alike: the noisy
 * distribution is the distribution D under study (as with the authors' {@code --noise}, which corrupts
 * their train and test labels), so the ideal world samples the same D as the real world, and test errors
 * include the noise floor of about p.
 */
public final class LabelNoise {
    private final double probability;
    private final int numClasses;
    private final long seed;

    /**
     * @param probability p, in [0, 1]
     * @param numClasses number of classes
     * @param seed noise seed
     */
    public LabelNoise(double probability, int numClasses, long seed) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("label noise must be in [0, 1], got " + probability);
        }
        if (probability > 0 && numClasses < 2) {
            throw new IllegalArgumentException("label noise needs at least 2 classes to move a label to another"
                    + " class, the data has " + numClasses);
        }
        this.probability = probability;
        this.numClasses = numClasses;
        this.seed = seed;
    }

    /**
     * @param exampleId the example's identifier
     * @param label its true label, in [0, numClasses)
     * @return the label to use: {@code label} with probability 1 - p, else one of the other classes, each
     *     with probability p / (numClasses - 1)
     */
    public int apply(long exampleId, int label) {
        long h = RandomStreams.mix(seed + RandomStreams.mix(exampleId));
        double u = (h >>> 11) * 0x1.0p-53;
        if (u >= probability) {
            return label;
        }
        int shift = 1 + (int) Long.remainderUnsigned(RandomStreams.mix(h), numClasses - 1);
        return (label + shift) % numClasses;
    }

    /** @param set a set @return the set with noisy labels */
    public ExampleSet on(ExampleSet set) {
        return new ExampleSet() {
            @Override
            public int size() {
                return set.size();
            }

            @Override
            public InputShape shape() {
                return set.shape();
            }

            @Override
            public int read(int i, float[] features, int offset) {
                return apply(set.id(i), set.read(i, features, offset));
            }

            @Override
            public long id(int i) {
                return set.id(i);
            }
        };
    }

    /** @param source a batch source @return the source with noisy labels */
    public BatchSource on(BatchSource source) {
        return new BatchSource() {
            @Override
            public void fill(Batch batch) {
                source.fill(batch);
                for (int i = 0; i < batch.size(); i++) {
                    batch.labels()[i] = apply(batch.exampleIds()[i], batch.labels()[i]);
                }
            }

            @Override
            public Position position() {
                return source.position(); // the noise is a function of the example ids: no state of its own
            }

            @Override
            public void seek(StateTree saved) {
                source.seek(saved);
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }
}
