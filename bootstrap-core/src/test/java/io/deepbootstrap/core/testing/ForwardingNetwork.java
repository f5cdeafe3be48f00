package io.deepbootstrap.core.testing;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.Parameters;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A test network that is another one with a twist in its training step: everything but
 * {@link #computeGradients} (and what a subclass overrides) goes to the wrapped network.
 */
public abstract class ForwardingNetwork implements Network {
    private final Network inner;

    /** @param inner the network that does the work */
    protected ForwardingNetwork(Network inner) {
        this.inner = inner;
    }

    /** @return the wrapped network */
    protected final Network inner() {
        return inner;
    }

    @Override
    public double computeGradients(Batch batch) {
        return inner.computeGradients(batch);
    }

    @Override
    public void predict(Batch batch, float[] probabilities) {
        inner.predict(batch, probabilities);
    }

    @Override
    public Parameters parameters() {
        return inner.parameters();
    }

    @Override
    public Map<String, INDArray> buffers() {
        return inner.buffers();
    }

    @Override
    public List<String> headParameters() {
        return inner.headParameters();
    }

    @Override
    public void close() {
        inner.close();
    }
}
