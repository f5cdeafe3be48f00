package io.deepbootstrap.core.result;

/**
 * One seed of one design choice in the {@link Decomposition}: both worlds' test metric at the step where
 * the real world stopped.
 *
 * @param seed the experiment seed
 * @param step T_stop if the real run converged, else T
 * @param converged whether {@code step} is T_stop
 * @param real the real world's test value at {@code step}
 * @param ideal the ideal world's test value at {@code step}
 */
public record DecompositionPoint(long seed, int step, boolean converged, double real, double ideal) {

    /** @return the bootstrap gap at {@code step}: {@code real - ideal} */
    public double gap() {
        return real - ideal;
    }
}
