package io.deepbootstrap.core.testing;

import io.deepbootstrap.api.Batch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test network with a non-trainable buffer, like batch norm's running statistics: a {@link SoftmaxRegression} that
 * also keeps {@code running-mean}, the exponential average (momentum 0.1) of its training batches' mean features.
 */
public final class SoftmaxWithRunningMean extends ForwardingNetwork {
    /** Each instance's {@code running-mean} as its first training step found it (its initial state), in order. */
    public static final List<double[]> INITIAL = Collections.synchronizedList(new ArrayList<>());
    private final INDArray runningMean;
    private final int in;
    private boolean started;

    public SoftmaxWithRunningMean(int in, int k, long seed) {
        super(new SoftmaxRegression(in, k, seed));
        this.in = in;
        this.runningMean = Nd4j.zeros(DataType.DOUBLE, in);
    }

    @Override
    public double computeGradients(Batch batch) {
        if (!started) {
            started = true;
            INITIAL.add(runningMean.toDoubleVector());
        }
        double[] mean = new double[in];
        for (int i = 0; i < batch.size(); i++) {
            for (int j = 0; j < in; j++) {
                mean[j] += batch.features()[i * in + j] / (double) batch.size();
            }
        }
        runningMean.muli(0.9).addi(Nd4j.createFromArray(mean).muli(0.1));
        return super.computeGradients(batch);
    }

    @Override
    public Map<String, INDArray> buffers() {
        return Map.of("running-mean", runningMean);
    }
}
