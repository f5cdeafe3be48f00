package io.deepbootstrap.models;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
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

    /**
     * One training step as the framework's trainer takes it.
     *
     * @return the loss before the update
     */
    public static double step(Network net, Optimizer optimizer, Batch batch, double lr) {
        double loss = net.computeGradients(batch);
        optimizer.step(lr);
        return loss;
    }

    /**
     * Trains a network on one batch of a tiny task and checks that it learns: the first loss is about
     * ln k, the last below a fifth of it; then predicts the first {@code count} examples and checks that
     * the outputs are probabilities and all of them are classified right.
     *
     * @return the probabilities of the first {@code count} examples (the batch's size is then {@code count})
     */
    public static float[] assertLearns(Network net, OptimizerSpec spec, Batch batch, double lr, int steps, int count) {
        Optimizer optimizer = Optimizers.create(spec, net.parameters());
        double first = step(net, optimizer, batch, lr);
        double last = first;
        for (int i = 0; i < steps; i++) {
            last = step(net, optimizer, batch, lr);
        }
        org.assertj.core.api.Assertions.assertThat(first).isBetween(0.5, 2.5); // about ln 3 at the start
        org.assertj.core.api.Assertions.assertThat(last).as("loss after %d steps, first %s", steps, first).isLessThan(first * 0.2);
        int k = batch.numClasses();
        batch.setSize(count);
        float[] p = new float[count * k];
        net.predict(batch, p);
        int correct = 0;
        for (int i = 0; i < count; i++) {
            float sum = 0;
            int arg = 0;
            for (int j = 0; j < k; j++) {
                org.assertj.core.api.Assertions.assertThat(p[i * k + j]).isBetween(0f, 1f);
                sum += p[i * k + j];
                if (p[i * k + j] > p[i * k + arg]) {
                    arg = j;
                }
            }
            org.assertj.core.api.Assertions.assertThat(sum).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
            correct += arg == batch.labels()[i] ? 1 : 0;
        }
        org.assertj.core.api.Assertions.assertThat(correct).isEqualTo(count);
        return p;
    }
}
