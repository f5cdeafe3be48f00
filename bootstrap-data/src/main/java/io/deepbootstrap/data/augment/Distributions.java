package io.deepbootstrap.data.augment;

import java.util.random.RandomGenerator;

/** Samplers for distributions the JDK's {@link RandomGenerator} lacks. */
public final class Distributions {

    private Distributions() {
    }

    /**
     * The logarithm of a Gamma(shape, 1) variate (Marsaglia and Tsang's method; for shape below 1 the
     * boost {@code G(a) = G(a + 1) * U^(1/a)}, in log space so that tiny values do not underflow).
     *
     * @param random the random stream
     * @param shape the shape parameter, greater than 0
     * @return log of a Gamma(shape, 1) sample
     */
    public static double logGamma(RandomGenerator random, double shape) {
        if (!(shape > 0)) {
            throw new IllegalArgumentException("gamma shape must be > 0, got " + shape);
        }
        if (shape < 1) {
            double u = random.nextDouble();
            while (u == 0) {
                u = random.nextDouble();
            }
            return logGamma(random, shape + 1) + Math.log(u) / shape;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u > 0 && Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return Math.log(d * v);
            }
        }
    }

    /**
     * A Beta(a, b) variate as {@code X / (X + Y)} with X ~ Gamma(a), Y ~ Gamma(b), drawn in that order.
     *
     * @param random the random stream
     * @param a first shape parameter, greater than 0
     * @param b second shape parameter, greater than 0
     * @return a sample in [0, 1]
     */
    public static double beta(RandomGenerator random, double a, double b) {
        double logX = logGamma(random, a);
        double logY = logGamma(random, b);
        return 1 / (1 + Math.exp(logY - logX));
    }
}
