package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;

/**
 * Label noise as in the reference code: each example's label is, with probability p, replaced by a class
 * drawn uniformly at random (which may be the true one). The decision and the new label are a fixed
 * function of the seed and the example's identifier, so an example keeps its noisy label every time it is
 * seen, in whichever world sees it.
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
        this.probability = probability;
        this.numClasses = numClasses;
        this.seed = seed;
    }

    /**
     * @param exampleId the example's identifier
     * @param label its true label
     * @return the label to use
     */
    public int apply(long exampleId, int label) {
        long h = RandomStreams.mix(seed + RandomStreams.mix(exampleId));
        double u = (h >>> 11) * 0x1.0p-53;
        if (u >= probability) {
            return label;
        }
        return (int) Long.remainderUnsigned(RandomStreams.mix(h), numClasses);
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
            public void close() {
                source.close();
            }
        };
    }
}
