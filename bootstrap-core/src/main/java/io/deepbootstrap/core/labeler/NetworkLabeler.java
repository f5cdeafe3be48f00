package io.deepbootstrap.core.labeler;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.fitted.Labeler;
import io.deepbootstrap.api.model.Network;
import java.util.Arrays;

/**
 * A {@link Labeler} over a trained network: forward passes in inference mode over batches of always {@value #BATCH}
 * rows (unused rows zero), arg-max of each row's class probabilities. A row's probabilities can differ in the last
 * bits with its position in the batch (BLAS kernels round rows differently; {@code FittedLabelerTest} measures under
 * 1e-5), which could flip a near-tie. So an image's label is defined by its canonical pass (alone in row 0, the other
 * rows zero), and a row whose two largest probabilities are closer than {@value #TIE_MARGIN} is labelled by that
 * canonical pass instead of the batched one: labels are a function of the image, and most images take one batched
 * pass. Calls are serialised: a network is used by one thread at a time.
 */
final class NetworkLabeler implements Labeler {
    /** Rows of every forward pass. */
    static final int BATCH = 64;
    /** Top-2 probability margin below which a row is relabelled by its canonical pass. */
    static final float TIE_MARGIN = 1e-3f;

    private final Network network;
    private final Batch batch;
    private final float[] probabilities;
    private final int numClasses;
    private final double testAccuracy;
    private final String description;

    /**
     * @param network the trained network (owned: closed with this labeller); built for batches of {@value #BATCH}
     * @param shape its input shape
     * @param numClasses its classes
     * @param testAccuracy its accuracy on the real test examples
     * @param description one line for logs
     */
    NetworkLabeler(Network network, InputShape shape, int numClasses, double testAccuracy, String description) {
        this.network = network;
        this.batch = new Batch(shape, numClasses, BATCH);
        this.probabilities = new float[BATCH * numClasses];
        this.numClasses = numClasses;
        this.testAccuracy = testAccuracy;
        this.description = description;
    }

    @Override
    public synchronized int label(float[] features, int offset) {
        int size = batch.shape().size();
        System.arraycopy(features, offset, batch.features(), 0, size);
        Arrays.fill(batch.features(), size, BATCH * size, 0f);
        batch.setSize(BATCH);
        network.predict(batch, probabilities);
        return argMax(0);
    }

    @Override
    public synchronized void label(float[] features, int offset, int size, int[] labels, int labelOffset, int count) {
        if (size != batch.shape().size()) {
            throw new IllegalArgumentException("examples of " + size + " floats, the labeller's input has " + batch.shape().size());
        }
        int[] nearTies = new int[BATCH];
        for (int start = 0; start < count; start += BATCH) {
            int rows = Math.min(BATCH, count - start);
            System.arraycopy(features, offset + start * size, batch.features(), 0, rows * size);
            Arrays.fill(batch.features(), rows * size, BATCH * size, 0f);
            batch.setSize(BATCH);
            network.predict(batch, probabilities);
            int ties = 0;
            for (int r = 0; r < rows; r++) {
                int best = argMax(r);
                labels[labelOffset + start + r] = best;
                if (margin(r, best) < TIE_MARGIN) {
                    nearTies[ties++] = r;
                }
            }
            for (int t = 0; t < ties; t++) {
                int r = nearTies[t];
                labels[labelOffset + start + r] = label(features, offset + (start + r) * size);
            }
        }
    }

    /** @return the arg-max of a row of {@link #probabilities} (the lowest class on a tie) */
    private int argMax(int row) {
        int base = row * numClasses;
        int best = 0;
        for (int c = 1; c < numClasses; c++) {
            if (probabilities[base + c] > probabilities[base + best]) {
                best = c;
            }
        }
        return best;
    }

    /** @return the largest probability of a row minus its second largest */
    private float margin(int row, int best) {
        int base = row * numClasses;
        float second = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < numClasses; c++) {
            if (c != best) {
                second = Math.max(second, probabilities[base + c]);
            }
        }
        return probabilities[base + best] - second;
    }

    @Override
    public double testAccuracy() {
        return testAccuracy;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public synchronized void close() {
        network.close();
    }
}
