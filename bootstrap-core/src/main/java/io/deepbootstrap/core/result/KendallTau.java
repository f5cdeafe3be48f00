package io.deepbootstrap.core.result;

/**
 * Kendall's rank correlation between two rankings of the same items, in its tau-b form, which corrects
 * for ties: {@code tau_b = (C - D) / sqrt((P - Tx) (P - Ty))}, with C and D the concordant and discordant
 * pairs, P = n (n - 1) / 2 all pairs, Tx and Ty the pairs tied in x and in y. Without ties it is tau-a,
 * {@code (C - D) / P}: 1 when both orders agree, -1 when one reverses the other.
 *
 * @param tau tau-b; NaN for fewer than 2 items or when every pair is tied in x or in y
 * @param n number of items
 * @param concordant pairs ordered alike by x and y
 * @param discordant pairs ordered oppositely
 * @param tiedX pairs with equal x
 * @param tiedY pairs with equal y
 */
public record KendallTau(double tau, int n, long concordant, long discordant, long tiedX, long tiedY) {

    /**
     * @param x the items' values in one ranking (e.g. real-world test error)
     * @param y the same items' values in the other (e.g. ideal-world test error)
     * @return their rank correlation
     * @throws IllegalArgumentException if the arrays differ in length or hold a non-finite value
     */
    public static KendallTau of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("rankings differ in length: " + x.length + " vs " + y.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("item " + i + " has a non-finite value: " + x[i] + ", " + y[i]);
            }
        }
        long concordant = 0;
        long discordant = 0;
        long tiedX = 0;
        long tiedY = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                int sx = Double.compare(x[i], x[j]);
                int sy = Double.compare(y[i], y[j]);
                if (sx == 0) {
                    tiedX++;
                }
                if (sy == 0) {
                    tiedY++;
                }
                if (sx != 0 && sy != 0) {
                    if (sx == sy) {
                        concordant++;
                    } else {
                        discordant++;
                    }
                }
            }
        }
        long pairs = (long) x.length * (x.length - 1) / 2;
        double denominator = Math.sqrt((double) (pairs - tiedX) * (pairs - tiedY));
        double tau = denominator > 0 ? (concordant - discordant) / denominator : Double.NaN;
        return new KendallTau(tau, x.length, concordant, discordant, tiedX, tiedY);
    }
}
