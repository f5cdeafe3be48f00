package io.deepbootstrap.toolkit.dl4j;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.Parameters;
import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import java.nio.FloatBuffer;
import java.util.Arrays;
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
 * framework's {@link Network}. DL4J computes the forward pass, the loss and the backward pass
 * ({@code computeGradientAndScore}); the framework's optimizer updates the parameters. DL4J's own updater,
 * regularisation and gradient normalisation never run, so the configuration must not ask for them (the
 * constructor refuses one that does, naming the layer): configure weight decay and the optimizer in the
 * experiment's {@code training.optimizer} instead.
 *
 * <p>What the adapter takes care of:
 * <ul>
 *   <li>DL4J's loss gradient is summed over the minibatch (its updater divides by the minibatch size); the
 *       adapter divides, so {@link Parameters#gradients()} holds the gradient of the mean loss, like the
 *       returned loss.</li>
 *   <li>DL4J keeps batch-norm running statistics inside its parameter vector and updates them through the
 *       "gradient" of those entries ({@code Layer.updaterDivideByMinibatch(name) == false}). They are the
 *       adapter's {@link #buffers()}, updated as DL4J would ({@code value -= update}) in every
 *       {@link #computeGradients}; the trainable parameters then live in the adapter's own flat vectors, copied
 *       into DL4J's before each pass (when there are no such entries, the parameters are DL4J's own flattened
 *       arrays, without copies).</li>
 *   <li>Parameter names are DL4J's ({@code 0_W}, {@code 0_b}, ... for a multi-layer network, {@code <vertex>_W}
 *       for a graph); dense weights are column-major views ({@code 'f'}).</li>
 * </ul>
 *
 * <p>The output layer must be softmax with multi-class cross-entropy ({@code LossMCXENT}, which accepts soft
 * targets). Inputs are fed flat ({@code [n, h*w*c]}, for feed-forward input types), as NHWC
 * ({@code [n, h, w, c]}, for {@code InputType.convolutional(h, w, c, CNN2DFormat.NHWC)}) or as a permuted NCHW
 * view ({@code [n, c, h, w]}, for {@code CNN2DFormat.NCHW}). Feature and target arrays are allocated once for
 * the context's largest batch and refilled every step.
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

    private final Model net;
    private final Dl4jEngine engine;
    private final Dl4jParameters layout;
    private final InputShape shape;
    private final int numClasses;
    private final int maxBatch;
    private final int threads;
    private final InputLayout inputLayout;
    private final INDArray features;
    private final INDArray targets;
    private int viewSize = -1;
    private INDArray featureView;
    private INDArray targetView;

    /**
     * @param net an initialised network (its {@code init()} has been called) with a softmax/MCXENT output layer
     * @param context the framework's context: input shape, classes, largest batch, native threads
     * @param inputLayout how features are fed
     * @throws IllegalArgumentException if the configuration has regularisation or gradient normalisation, or its
     *     output is not softmax with MCXENT
     */
    public Dl4jNetwork(MultiLayerNetwork net, ArchitectureContext context, InputLayout inputLayout) {
        this(net, Dl4jEngine.of(net), context, inputLayout);
    }

    /**
     * Adapts a computation graph with one input and one (softmax, MCXENT) output.
     *
     * @param graph an initialised graph (its {@code init()} has been called)
     * @param context the framework's context: input shape, classes, largest batch, native threads
     * @param inputLayout how features are fed
     * @throws IllegalArgumentException as for a multi-layer network, or if the graph has several inputs or outputs
     */
    public Dl4jNetwork(ComputationGraph graph, ArchitectureContext context, InputLayout inputLayout) {
        this(graph, Dl4jEngine.of(graph), context, inputLayout);
    }

    private Dl4jNetwork(Model net, Dl4jEngine engine, ArchitectureContext context, InputLayout inputLayout) {
        if (context.nativeThreads() < 1) {
            throw new IllegalArgumentException("nativeThreads must be >= 1, got " + context.nativeThreads());
        }
        this.net = net;
        this.engine = engine;
        this.shape = context.inputShape();
        this.numClasses = context.numClasses();
        this.maxBatch = context.maxBatchSize();
        this.threads = context.nativeThreads();
        this.inputLayout = inputLayout;
        engine.checkTrainableByTheFramework();
        this.layout = Dl4jParameters.of(engine);
        long[] fshape = inputLayout == InputLayout.FLAT
                ? new long[] {maxBatch, shape.size()}
                : new long[] {maxBatch, shape.height(), shape.width(), shape.channels()};
        this.features = Nd4j.create(DataType.FLOAT, fshape, 'c');
        this.targets = Nd4j.create(DataType.FLOAT, new long[] {maxBatch, numClasses}, 'c');
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
        Nd4jRuntime.useThreads(threads);
        FloatBuffer fb = features.data().asNioFloat();
        fb.put(batch.features(), 0, n * shape.size());
        if (withTargets) {
            FloatBuffer tb = targets.data().asNioFloat();
            tb.put(batch.targets(), 0, n * numClasses);
        }
        if (n != viewSize) {
            featureView = n == maxBatch ? features : features.get(NDArrayIndex.interval(0, n));
            if (inputLayout == InputLayout.NCHW) {
                featureView = featureView.permute(0, 3, 1, 2);
            }
            targetView = n == maxBatch ? targets : targets.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
            viewSize = n;
        }
        layout.pushValues();
    }

    @Override
    public double computeGradients(Batch batch) {
        load(batch, true);
        double loss = engine.computeGradientAndScore(featureView, targetView);
        layout.pullGradients(batch.size());
        return loss;
    }

    @Override
    public void predict(Batch batch, float[] probabilities) {
        load(batch, false);
        int n = batch.size();
        INDArray out = engine.output(featureView);
        if (out.rows() != n || out.columns() != numClasses) {
            throw new IllegalStateException("network output has shape " + Arrays.toString(out.shape())
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
    public Parameters parameters() {
        return layout.parameters();
    }

    @Override
    public Map<String, INDArray> buffers() {
        return layout.buffers();
    }

    @Override
    public long parameterCount() {
        return layout.parameters().length();
    }

    @Override
    public void close() {
        features.close();
        targets.close();
        layout.close();
    }
}
