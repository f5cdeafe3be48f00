package io.deepbootstrap.models.dl4j;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.models.StateFile;
import io.deepbootstrap.models.optim.SettableSchedule;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Adapts a DL4J {@link MultiLayerNetwork} to the framework's {@link Network}.
 *
 * <p>The network's configuration decides the optimizer and loss: its output layer must be softmax with
 * multi-class cross-entropy ({@code LossMCXENT}, which accepts soft targets), and its updaters should read
 * their learning rate from a {@link SettableSchedule} passed here, so that setting the rate of a step is
 * a field write (build the updater with {@link io.deepbootstrap.models.optim.Optimizers#updater}). Without
 * a schedule, the adapter falls back to {@link MultiLayerNetwork#setLearningRate(double)} whenever the
 * rate changes, which rebuilds DL4J's updater and is slow.
 *
 * <p>Inputs are fed either flat ({@code [n, h*w*c]}, for feed-forward input types) or as NHWC
 * ({@code [n, h, w, c]}, for {@code InputType.convolutional(h, w, c, CNN2DFormat.NHWC)}). Feature and
 * target arrays are allocated once for {@code maxBatchSize} and refilled every step.
 *
 * <p>{@link #fit} returns the data loss only (DL4J's score minus its L2 regularisation term).
 */
public final class Dl4jNetwork implements Network {

    /** How features are handed to the DL4J network. */
    public enum InputLayout {
        /** {@code [n, height * width * channels]}, NHWC order within an example. */
        FLAT,
        /** {@code [n, height, width, channels]}. */
        NHWC
    }

    private static final String KIND = "dl4j";

    private final MultiLayerNetwork net;
    private final SettableSchedule learningRate;
    private final InputShape shape;
    private final int numClasses;
    private final int maxBatch;
    private final InputLayout layout;
    private final INDArray features;
    private final INDArray targets;
    private final Map<String, INDArray> params;
    private final boolean regularized;
    private double lastLearningRate = Double.NaN;
    private int viewSize = -1;
    private INDArray featureView;
    private INDArray targetView;

    /**
     * @param net an initialised network (its {@code init()} has been called)
     * @param learningRate the schedule its updaters read, or {@code null} to use {@code setLearningRate}
     * @param shape the shape of one input example
     * @param numClasses the width of the softmax output
     * @param maxBatchSize the largest batch that will be passed
     * @param layout how features are fed
     * @param regularized whether the configuration has L1/L2 terms whose score must be removed from the loss
     */
    public Dl4jNetwork(MultiLayerNetwork net, SettableSchedule learningRate, InputShape shape, int numClasses,
                       int maxBatchSize, InputLayout layout, boolean regularized) {
        this.net = net;
        this.learningRate = learningRate;
        this.shape = shape;
        this.numClasses = numClasses;
        this.maxBatch = maxBatchSize;
        this.layout = layout;
        this.regularized = regularized;
        long[] fshape = layout == InputLayout.FLAT
                ? new long[] {maxBatchSize, shape.size()}
                : new long[] {maxBatchSize, shape.height(), shape.width(), shape.channels()};
        this.features = Nd4j.create(DataType.FLOAT, fshape, 'c');
        this.targets = Nd4j.create(DataType.FLOAT, new long[] {maxBatchSize, numClasses}, 'c');
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(net.paramTable()));
    }

    /** @return the wrapped DL4J network */
    public MultiLayerNetwork network() {
        return net;
    }

    private void load(Batch batch, boolean withTargets) {
        int n = batch.size();
        if (n < 1 || n > maxBatch) {
            throw new IllegalArgumentException("batch size " + n + " outside 1.." + maxBatch);
        }
        if (!batch.shape().equals(shape)) {
            throw new IllegalArgumentException("batch shape " + batch.shape() + " but the network takes " + shape);
        }
        FloatBuffer fb = features.data().asNioFloat();
        fb.put(batch.features(), 0, n * shape.size());
        if (withTargets) {
            FloatBuffer tb = targets.data().asNioFloat();
            tb.put(batch.targets(), 0, n * numClasses);
        }
        if (n != viewSize) {
            featureView = n == maxBatch ? features : features.get(NDArrayIndex.interval(0, n));
            targetView = n == maxBatch ? targets : targets.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
            viewSize = n;
        }
    }

    @Override
    public double fit(Batch batch, double lr) {
        if (learningRate != null) {
            learningRate.set(lr);
        } else if (lr != lastLearningRate) {
            net.setLearningRate(lr);
            lastLearningRate = lr;
        }
        load(batch, true);
        // DL4J's score includes the L2 term, computed with the parameters before the update
        double regularization = regularized ? net.calcRegularizationScore(true) : 0;
        net.fit(featureView, targetView);
        return net.score() - regularization;
    }

    @Override
    public void predict(Batch batch, float[] probabilities) {
        load(batch, false);
        int n = batch.size();
        INDArray out = net.output(featureView, false);
        if (out.rows() != n || out.columns() != numClasses) {
            throw new IllegalStateException("network output has shape " + java.util.Arrays.toString(out.shape())
                    + ", expected [" + n + ", " + numClasses + "]");
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < numClasses; j++) {
                probabilities[i * numClasses + j] = out.getFloat(i, j);
            }
        }
        if (!out.isAttached()) {
            out.close();
        }
    }

    @Override
    public long parameterCount() {
        return net.numParams();
    }

    @Override
    public Map<String, INDArray> parameters() {
        return params;
    }

    private Map<String, INDArray> state() {
        Map<String, INDArray> all = new LinkedHashMap<>(params);
        INDArray updater = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
        if (updater != null) {
            all.put("updater-state", updater);
        }
        return all;
    }

    @Override
    public void save(Path file) throws IOException {
        long counters = ((long) net.getEpochCount() << 32) | (net.getIterationCount() & 0xffffffffL);
        StateFile.write(file, KIND, counters, state());
    }

    @Override
    public void load(Path file) throws IOException {
        long counters = StateFile.read(file, KIND, state());
        net.setIterationCount((int) counters);
        net.setEpochCount((int) (counters >>> 32));
    }

    @Override
    public void close() {
        features.close();
        targets.close();
    }
}
