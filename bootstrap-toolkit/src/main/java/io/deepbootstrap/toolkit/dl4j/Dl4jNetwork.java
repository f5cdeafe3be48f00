package io.deepbootstrap.toolkit.dl4j;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.toolkit.StateFile;
import io.deepbootstrap.toolkit.optim.SettableSchedule;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Adapts a DL4J {@link MultiLayerNetwork} or a single-input, single-output {@link ComputationGraph} to the
 * framework's {@link Network}.
 *
 * <p>The network's configuration decides the optimizer and loss: its output layer must be softmax with
 * multi-class cross-entropy ({@code LossMCXENT}, which accepts soft targets), and its updaters should read
 * their learning rate from a {@link SettableSchedule} passed here, so that setting the rate of a step is
 * a field write (build the updater with {@link io.deepbootstrap.toolkit.optim.Optimizers#updater}). Without
 * a schedule, the adapter falls back to {@link MultiLayerNetwork#setLearningRate(double)} whenever the
 * rate changes, which rebuilds DL4J's updater and is slow.
 *
 * <p>Inputs are fed either flat ({@code [n, h*w*c]}, for feed-forward input types) or as NHWC
 * ({@code [n, h, w, c]}, for {@code InputType.convolutional(h, w, c, CNN2DFormat.NHWC)}) or as a permuted
 * NCHW view ({@code [n, c, h, w]}, for {@code CNN2DFormat.NCHW}). Feature and
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
        NHWC,
        /** {@code [n, channels, height, width]}: a permuted view of the NHWC features (DL4J may copy it). */
        NCHW
    }

    private static final String KIND = "dl4j";

    /** The operations the adapter needs, over either kind of DL4J network. */
    private interface Engine {
        void fit(INDArray features, INDArray targets);

        INDArray output(INDArray features);

        double regularizationScore();

        void setLearningRate(double lr);

        INDArray updaterState();

        int iterationCount();

        int epochCount();

        void setCounters(int iterations, int epochs);
    }

    private static Engine engine(MultiLayerNetwork n) {
        return new Engine() {
            @Override
            public void fit(INDArray features, INDArray targets) {
                n.fit(features, targets);
            }

            @Override
            public INDArray output(INDArray features) {
                return n.output(features, false);
            }

            @Override
            public double regularizationScore() {
                return n.calcRegularizationScore(true);
            }

            @Override
            public void setLearningRate(double lr) {
                n.setLearningRate(lr);
            }

            @Override
            public INDArray updaterState() {
                return n.getUpdater() == null ? null : n.getUpdater().getStateViewArray();
            }

            @Override
            public int iterationCount() {
                return n.getIterationCount();
            }

            @Override
            public int epochCount() {
                return n.getEpochCount();
            }

            @Override
            public void setCounters(int iterations, int epochs) {
                n.setIterationCount(iterations);
                n.setEpochCount(epochs);
            }
        };
    }

    private static Engine engine(ComputationGraph g) {
        if (g.getNumInputArrays() != 1 || g.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException("the computation graph must have one input and one output, it has "
                    + g.getNumInputArrays() + " and " + g.getNumOutputArrays());
        }
        return new Engine() {
            @Override
            public void fit(INDArray features, INDArray targets) {
                g.fit(new INDArray[] {features}, new INDArray[] {targets});
            }

            @Override
            public INDArray output(INDArray features) {
                return g.outputSingle(false, features);
            }

            @Override
            public double regularizationScore() {
                return g.calcRegularizationScore(true);
            }

            @Override
            public void setLearningRate(double lr) {
                g.setLearningRate(lr);
            }

            @Override
            public INDArray updaterState() {
                return g.getUpdater() == null ? null : g.getUpdater().getStateViewArray();
            }

            @Override
            public int iterationCount() {
                return g.getIterationCount();
            }

            @Override
            public int epochCount() {
                return g.getEpochCount();
            }

            @Override
            public void setCounters(int iterations, int epochs) {
                g.getConfiguration().setIterationCount(iterations);
                g.getConfiguration().setEpochCount(epochs);
            }
        };
    }

    private final Model net;
    private final Engine engine;
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
        this(net, engine(net), learningRate, shape, numClasses, maxBatchSize, layout, regularized);
    }

    /**
     * Adapts a computation graph with one input and one (softmax, MCXENT) output.
     *
     * @param graph an initialised graph (its {@code init()} has been called)
     * @param learningRate the schedule its updaters read, or {@code null} to use {@code setLearningRate}
     * @param shape the shape of one input example
     * @param numClasses the width of the softmax output
     * @param maxBatchSize the largest batch that will be passed
     * @param layout how features are fed
     * @param regularized whether the configuration has L1/L2 terms whose score must be removed from the loss
     */
    public Dl4jNetwork(ComputationGraph graph, SettableSchedule learningRate, InputShape shape, int numClasses,
                       int maxBatchSize, InputLayout layout, boolean regularized) {
        this(graph, engine(graph), learningRate, shape, numClasses, maxBatchSize, layout, regularized);
    }

    private Dl4jNetwork(Model net, Engine engine, SettableSchedule learningRate, InputShape shape, int numClasses,
                        int maxBatchSize, InputLayout layout, boolean regularized) {
        this.net = net;
        this.engine = engine;
        this.learningRate = learningRate;
        this.shape = shape;
        this.numClasses = numClasses;
        this.maxBatch = maxBatchSize;
        this.layout = layout;
        this.regularized = regularized;
        // NCHW is fed as a permuted view of an NHWC buffer
        long[] fshape = layout == InputLayout.FLAT
                ? new long[] {maxBatchSize, shape.size()}
                : new long[] {maxBatchSize, shape.height(), shape.width(), shape.channels()};
        this.features = Nd4j.create(DataType.FLOAT, fshape, 'c');
        this.targets = Nd4j.create(DataType.FLOAT, new long[] {maxBatchSize, numClasses}, 'c');
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(net.paramTable()));
    }

    /**
     * @return the wrapped DL4J network
     * @throws IllegalStateException if this adapts a {@link ComputationGraph} (see {@link #model()})
     */
    public MultiLayerNetwork network() {
        if (!(net instanceof MultiLayerNetwork m)) {
            throw new IllegalStateException("this adapter wraps a " + net.getClass().getSimpleName());
        }
        return m;
    }

    /** @return the wrapped DL4J model: a {@link MultiLayerNetwork} or a {@link ComputationGraph} */
    public Model model() {
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
            if (layout == InputLayout.NCHW) {
                featureView = featureView.permute(0, 3, 1, 2);
            }
            targetView = n == maxBatch ? targets : targets.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
            viewSize = n;
        }
    }

    @Override
    public double fit(Batch batch, double lr) {
        if (learningRate != null) {
            learningRate.set(lr);
        } else if (lr != lastLearningRate) {
            engine.setLearningRate(lr);
            lastLearningRate = lr;
        }
        load(batch, true);
        // DL4J's score includes the L2 term, computed with the parameters before the update
        double regularization = regularized ? engine.regularizationScore() : 0;
        engine.fit(featureView, targetView);
        return net.score() - regularization;
    }

    @Override
    public void predict(Batch batch, float[] probabilities) {
        load(batch, false);
        int n = batch.size();
        INDArray out = engine.output(featureView);
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
        INDArray updater = engine.updaterState();
        if (updater != null) {
            all.put("updater-state", updater);
        }
        return all;
    }

    @Override
    public void save(Path file) throws IOException {
        long counters = ((long) engine.epochCount() << 32) | (engine.iterationCount() & 0xffffffffL);
        StateFile.write(file, KIND, counters, state());
    }

    @Override
    public void load(Path file) throws IOException {
        long counters = StateFile.read(file, KIND, state());
        engine.setCounters((int) counters, (int) (counters >>> 32));
    }

    @Override
    public void close() {
        features.close();
        targets.close();
    }
}
