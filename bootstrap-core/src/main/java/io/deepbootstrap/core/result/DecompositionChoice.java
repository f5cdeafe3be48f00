package io.deepbootstrap.core.result;

import java.util.List;

/**
 * One design choice (architecture, train size, augmentation) in the {@link Decomposition}, over its seeds:
 * {@code real = ideal + gap}, each as mean, sample std and n over the seeds that have both values.
 *
 * @param key the choice
 * @param label a short name that says what distinguishes it from the other choices, e.g. {@code cnn n=2000}
 * @param points one per seed with both values
 * @param real the real world's test value at the stop step
 * @param ideal the ideal world's test value at the same step
 * @param gap real minus ideal
 * @param stopStep the step the values are read at (T_stop, or T for seeds that never converged)
 * @param realRank rank of {@code real.mean()} among the choices (1 = lowest; ties share the mean rank);
 *     NaN without a value
 * @param idealRank rank of {@code ideal.mean()} among the choices, likewise
 */
public record DecompositionChoice(AggregateKey key, String label, List<DecompositionPoint> points, MeanStd real,
                                  MeanStd ideal, MeanStd gap, MeanStd stopStep, double realRank,
                                  double idealRank) {

    public DecompositionChoice {
        points = List.copyOf(points);
    }

    /** @return how many of the points are read at T_stop (the others at T) */
    public int converged() {
        return (int) points.stream().filter(DecompositionPoint::converged).count();
    }
}
