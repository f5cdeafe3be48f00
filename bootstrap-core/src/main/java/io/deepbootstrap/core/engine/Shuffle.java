package io.deepbootstrap.core.engine;

import java.util.random.RandomGenerator;

/** Fisher–Yates shuffles. */
public final class Shuffle {
    private Shuffle() {
    }

    /** @param a array to permute in place @param random the random stream */
    public static void shuffle(int[] a, RandomGenerator random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** @param n size @param random the random stream @return a random permutation of 0..n-1 */
    public static int[] permutation(int n, RandomGenerator random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, random);
        return p;
    }
}
