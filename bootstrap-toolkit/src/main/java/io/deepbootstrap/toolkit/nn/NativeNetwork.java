package io.deepbootstrap.toolkit.nn;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.Parameters;
import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link Network} made of a {@link Sequential} of toolkit layers and a softmax cross-entropy head. One
 * {@link #computeGradients} = copy the batch into the input buffer, forward in training mode, loss and its
 * gradient, backward into the flat gradient vector of {@link Sequential#parameters()}. Nothing is allocated per
 * step except small op descriptors. Batch-norm running statistics ({@link Sequential#state()}) are the
 * network's {@link #buffers()}.
 *
 * <p>Plugin architectures build one from their own layers:
 * <pre>{@code
 * Sequential layers = Sequential.of(new long[] {shape.height(), shape.width(), shape.channels()}, List.of(...),
 *         ctx.weightSeed(), ctx.maxBatchSize(), DataType.FLOAT);
 * return new NativeNetwork(layers, ctx);
 * }</pre>
 */
public final class NativeNetwork implements Network {
    private final Sequential net;
    private final int classes;
    private final int threads;
    private final INDArray input;
    private final INDArray gradLogits;
    private final SoftmaxCrossEntropy head;
    private final int exampleSize;
    /** The oneDNN inference pass, when the layers are a float32 dense/ReLU stack ({@link DenseStack}), else null. */
    private final DenseStack denseStack;

    /**
     * @param net the layers, built for the batch size the framework will use; its output must be
     *     {@code [numClasses]} logits
     * @param context the framework's context: number of classes and native threads
     */
    public NativeNetwork(Sequential net, ArchitectureContext context) {
        this(net, context.numClasses(), context.nativeThreads());
    }

    /**
     * @param net the layers; its output must be {@code [classes]} logits
     * @param classes number of classes
     * @param threads native threads to use in {@link #computeGradients} and {@link #predict}, at least 1
     */
    public NativeNetwork(Sequential net, int classes, int threads) {
        long[] out = net.outputShape();
        if (out.length != 1 || out[0] != classes) {
            throw new IllegalArgumentException("network output per example is " + Arrays.toString(out)
                    + ", expected [" + classes + "] logits");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.net = net;
        this.classes = classes;
        this.threads = threads;
        this.exampleSize = Math.toIntExact(Ops.size(net.inputShape()));
        input = Nd4j.create(net.dataType(), Ops.batchShape(net.maxBatch(), net.inputShape()), 'c');
        gradLogits = Nd4j.create(net.dataType(), new long[] {net.maxBatch(), classes}, 'c');
        head = new SoftmaxCrossEntropy(classes, net.maxBatch());
        denseStack = DenseStack.of(net);
    }

    /** @return the layers */
    public Sequential sequential() {
        return net;
    }

    private INDArray load(Batch batch) {
        int n = check(batch);
        Nd4jRuntime.useThreads(threads);
        Ops.put(input, batch.features(), n * exampleSize);
        return Ops.rows(input, n);
    }

    /** @return the batch size, after checking the batch against the network */
    private int check(Batch batch) {
        int n = batch.size();
        if (n < 1 || n > net.maxBatch()) {
            throw new IllegalArgumentException("batch size " + n + " outside 1.." + net.maxBatch());
        }
        if (batch.shape().size() != exampleSize) {
            throw new IllegalArgumentException("batch examples have " + batch.shape().size() + " values ("
                    + batch.shape() + ") but the network takes " + exampleSize);
        }
        return n;
    }

    @Override
    public double computeGradients(Batch batch) {
        INDArray x = load(batch);
        INDArray logits = net.forward(x, true);
        INDArray g = Ops.rows(gradLogits, batch.size());
        double loss = head.lossAndGradient(logits, batch.targets(), batch.labels(), g);
        net.backward(g);
        return loss;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A stack of dense and ReLU layers (an MLP) runs through oneDNN with its weights kept packed ({@link DenseStack}),
     * re-packed after any {@link #computeGradients} or {@link #parameters} call ({@link Sequential#parametersVersion}:
     * its backward pass and its {@code parameters()} and {@code layers()} change it). A {@link Parameters} reference kept
     * from earlier must not be written after a {@code predict} without one of these calls in between (the framework's
     * order is: gradients, optimizer step, predictions).
     */
    @Override
    public void predict(Batch batch, float[] probabilities) {
        INDArray x = load(batch);
        INDArray logits = denseStack != null && DenseStack.enabled() ? denseStack.forward(x, net.parametersVersion()) : net.forward(x, false);
        head.probabilities(logits, probabilities);
    }

    /** @return the oneDNN pass of a dense/ReLU stack, or null (for tests) */
    DenseStack denseStack() {
        return denseStack;
    }

    /** @return the number of inference passes through {@link DenseStack} so far (for tests) */
    long denseStackPasses() {
        return denseStack == null ? 0 : denseStack.passes();
    }

    @Override
    public int lastBatchCorrect() {
        return head.lastCorrect();
    }

    @Override
    public Parameters parameters() {
        return net.parameters();
    }

    @Override
    public Map<String, INDArray> buffers() {
        return net.state();
    }

    @Override
    public long parameterCount() {
        return net.parameterCount();
    }

    @Override
    public void close() {
        net.close();
        input.close();
        gradLogits.close();
    }

    /** @return {@link DataType} of the network */
    public DataType dataType() {
        return net.dataType();
    }

    /** @return the number of classes */
    public int numClasses() {
        return classes;
    }
}
