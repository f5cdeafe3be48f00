package io.deepbootstrap.core.labeler;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.fitted.Labeler;
import io.deepbootstrap.api.model.Network;

/**
 * A {@link Labeler} over a trained network: one forward pass in inference mode per example (a batch of one, so
 * an example's label never depends on what else was labelled), arg-max of its class probabilities. Calls are
 * serialised: a network is used by one thread at a time.
 */
final class NetworkLabeler implements Labeler {
    private final Network network;
    private final Batch batch;
    private final float[] probabilities;
    private final double testAccuracy;
    private final String description;

    /**
     * @param network the trained network (owned: closed with this labeller); built for batches of one
     * @param shape its input shape
     * @param numClasses its classes
     * @param testAccuracy its accuracy on the real test examples
     * @param description one line for logs
     */
    NetworkLabeler(Network network, InputShape shape, int numClasses, double testAccuracy, String description) {
        this.network = network;
        this.batch = new Batch(shape, numClasses, 1);
        this.probabilities = new float[numClasses];
        this.testAccuracy = testAccuracy;
        this.description = description;
    }

    @Override
    public synchronized int label(float[] features, int offset) {
        System.arraycopy(features, offset, batch.features(), 0, batch.shape().size());
        batch.setSize(1);
        network.predict(batch, probabilities);
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return best;
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
