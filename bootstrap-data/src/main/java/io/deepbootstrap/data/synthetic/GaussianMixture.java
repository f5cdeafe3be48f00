package io.deepbootstrap.data.synthetic;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.ExampleGenerator;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Class-conditional Gaussians: the label y is uniform over k classes and
 * {@code x = mean[y] + noise * N(0, I)}. The class means are fixed at creation: each is a uniformly random
 * direction (a normalised standard Gaussian vector) scaled to length {@code separation}, drawn in class
 * order from an {@code L64X128MixRandom} seeded with {@code meanSeed}. Values are not clipped (this is
 * vector data, not pixels). Thread-safe; all per-example randomness comes from {@link #sample}'s argument.
 */
public final class GaussianMixture implements ExampleGenerator {

    private final int classes;
    private final int dimension;
    private final double separation;
    private final double noise;
    private final double[][] means;
    private final InputShape shape;

    /**
     * @param classes number of classes, at least 2
     * @param dimension feature dimension, at least 1
     * @param separation distance of every class mean from the origin, at least 0
     * @param noise standard deviation of every coordinate around its class mean, at least 0
     * @param meanSeed seed of the class means
     */
    public GaussianMixture(int classes, int dimension, double separation, double noise, long meanSeed) {
        if (classes < 2 || dimension < 1 || !(separation >= 0) || !(noise >= 0)) {
            throw new IllegalArgumentException("invalid gaussian-mixture parameters: classes " + classes + ", dimension "
                    + dimension + ", separation " + separation + ", noise " + noise);
        }
        this.classes = classes;
        this.dimension = dimension;
        this.separation = separation;
        this.noise = noise;
        this.shape = InputShape.vector(dimension);
        this.means = new double[classes][dimension];
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(meanSeed);
        for (double[] mean : means) {
            double norm;
            do {
                norm = 0;
                for (int j = 0; j < dimension; j++) {
                    mean[j] = random.nextGaussian();
                    norm += mean[j] * mean[j];
                }
                norm = Math.sqrt(norm);
            } while (norm < 1e-9);
            for (int j = 0; j < dimension; j++) {
                mean[j] *= separation / norm;
            }
        }
    }

    @Override
    public InputShape inputShape() {
        return shape;
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public int sample(RandomGenerator random, float[] features, int offset) {
        int y = random.nextInt(classes);
        double[] mean = means[y];
        for (int j = 0; j < dimension; j++) {
            features[offset + j] = (float) (mean[j] + noise * random.nextGaussian());
        }
        return y;
    }

    /**
     * @param label a class
     * @return a copy of that class's mean
     */
    public double[] mean(int label) {
        return means[label].clone();
    }

    /** @return the configured distance of each mean from the origin */
    public double separation() {
        return separation;
    }

    /** @return the per-coordinate noise standard deviation */
    public double noise() {
        return noise;
    }

    @Override
    public String toString() {
        return "GaussianMixture[" + classes + " classes, dimension " + dimension + ", separation " + separation
                + ", noise " + noise + "]";
    }
}
