package io.deepbootstrap.models;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import java.util.Random;

/** Small linearly separable classification tasks for "the network learns" tests. */
public final class TinyTasks {
    private TinyTasks() {
    }

    /**
     * Fills a batch: class c (of k) has a bright patch at a class-specific position plus noise, values in [-1, 1].
     */
    public static Batch batch(InputShape shape, int k, int n, long seed) {
        Batch b = new Batch(shape, k, n);
        Random r = new Random(seed);
        float[] f = b.features();
        int size = shape.size();
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(k);
            b.labels()[i] = label;
            for (int j = 0; j < size; j++) {
                f[i * size + j] = (float) (r.nextGaussian() * 0.3);
            }
            // class-specific region: a band of positions (rows for images, features for vectors)
            int start = label * size / k;
            int end = (label + 1) * size / k;
            for (int j = start; j < end; j++) {
                f[i * size + j] += 0.7f;
            }
            for (int j = 0; j < size; j++) {
                f[i * size + j] = Math.max(-1f, Math.min(1f, f[i * size + j]));
            }
        }
        b.setOneHotTargets();
        return b;
    }
}
