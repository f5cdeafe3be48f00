package io.deepbootstrap.core.testing;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.ExampleGenerator;
import java.util.random.RandomGenerator;

/** Test data: k Gaussian blobs in d dimensions, class c centred at ±separation on axis c. */
public final class BlobGenerator implements ExampleGenerator {
    private final int dimension;
    private final int classes;
    private final double separation;

    public BlobGenerator(int dimension, int classes, double separation) {
        this.dimension = dimension;
        this.classes = classes;
        this.separation = separation;
    }

    @Override
    public InputShape inputShape() {
        return InputShape.vector(dimension);
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public int sample(RandomGenerator random, float[] features, int offset) {
        int label = random.nextInt(classes);
        for (int j = 0; j < dimension; j++) {
            features[offset + j] = (float) random.nextGaussian();
        }
        features[offset + label % dimension] += (float) (label < dimension ? separation : -separation);
        return label;
    }
}
