package io.deepbootstrap.toolkit.nn;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.toolkit.StateFile;
import io.deepbootstrap.toolkit.optim.Optimizers;
import io.deepbootstrap.toolkit.optim.SettableSchedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A {@link Network} made of a {@link Sequential} of toolkit layers and a softmax cross-entropy head. One
 * {@link #fit} = copy the batch into the input buffer, forward, loss and gradient, backward, L2 weight
 * decay ({@code g += wd * w}, one BLAS axpy over the flat gradient), the ND4J updater on the flat gradient
 * (one call), {@code w -= update}. Nothing is allocated per step except small op descriptors.
 *
 * <p>Plugin architectures build one from their own layers:
 * {@code new NativeNetwork(Sequential.of(shape, layers, ctx.weightSeed(), ctx.maxBatchSize(), DataType.FLOAT),
 * ctx.numClasses(), ctx.optimizer())}.
 */
public final class NativeNetwork implements Network {
    private static final String KIND = "native";

    private final Sequential net;
    private final int classes;
    private final OptimizerSpec optimizer;
    private final SettableSchedule learningRate = new SettableSchedule();
    private final GradientUpdater<?> updater;
    private final INDArray updaterState;
    private final INDArray input;
    private final INDArray gradLogits;
    private final SoftmaxCrossEntropy head;
    private final int exampleSize;
    private long step;

    /**
     * @param net the layers, built for the batch size the framework will use; its output must be
     *     {@code [classes]} logits
     * @param classes number of classes
     * @param optimizer the optimizer to apply in {@link #fit}
     */
    public NativeNetwork(Sequential net, int classes, OptimizerSpec optimizer) {
        long[] out = net.outputShape();
        if (out.length != 1 || out[0] != classes) {
            throw new IllegalArgumentException("network output per example is " + java.util.Arrays.toString(out)
                    + ", expected [" + classes + "] logits");
        }
        this.net = net;
        this.classes = classes;
        this.optimizer = optimizer;
        this.exampleSize = Math.toIntExact(Ops.size(net.inputShape()));
        IUpdater cfg = Optimizers.updater(optimizer, learningRate);
        long stateSize = cfg.stateSize(net.parameters().length());
        updaterState = stateSize > 0 ? Nd4j.create(net.dataType(), 1, stateSize) : null;
        updater = cfg.instantiate(updaterState, true);
        input = Nd4j.create(net.dataType(), Ops.batchShape(net.maxBatch(), net.inputShape()), 'c');
        gradLogits = Nd4j.create(net.dataType(), new long[] {net.maxBatch(), classes}, 'c');
        head = new SoftmaxCrossEntropy(classes, net.maxBatch());
    }

    /** @return the layers */
    public Sequential sequential() {
        return net;
    }

    private INDArray load(Batch batch) {
        int n = batch.size();
        if (n < 1 || n > net.maxBatch()) {
            throw new IllegalArgumentException("batch size " + n + " outside 1.." + net.maxBatch());
        }
        if (batch.shape().size() != exampleSize) {
            throw new IllegalArgumentException("batch examples have " + batch.shape().size() + " values ("
                    + batch.shape() + ") but the network takes " + exampleSize);
        }
        Ops.put(input, batch.features(), n * exampleSize);
        return Ops.rows(input, n);
    }

    @Override
    public double fit(Batch batch, double lr) {
        learningRate.set(lr);
        INDArray x = load(batch);
        INDArray logits = net.forward(x, true);
        INDArray g = Ops.rows(gradLogits, batch.size());
        double loss = head.lossAndGradient(logits, batch.targets(), g);
        net.backward(g);
        INDArray p = net.parameters();
        INDArray grads = net.gradients();
        if (optimizer.weightDecay() > 0) {
            Nd4j.getBlasWrapper().level1().axpy(p.length(), optimizer.weightDecay(), p, grads);
        }
        updater.applyUpdater(grads, (int) step, 0);
        p.subi(grads);
        step++;
        return loss;
    }

    @Override
    public void predict(Batch batch, float[] probabilities) {
        INDArray x = load(batch);
        head.probabilities(net.forward(x, false), probabilities);
    }

    @Override
    public long parameterCount() {
        return net.parameterCount();
    }

    @Override
    public Map<String, INDArray> parameters() {
        return net.parameterViews();
    }

    private Map<String, INDArray> saved() {
        Map<String, INDArray> all = new LinkedHashMap<>(net.parameterViews());
        all.putAll(net.state());
        if (updaterState != null) {
            all.put("optimizer-state", updaterState);
        }
        return all;
    }

    @Override
    public void save(Path file) throws IOException {
        StateFile.write(file, KIND, step, saved());
    }

    @Override
    public void load(Path file) throws IOException {
        step = StateFile.read(file, KIND, saved());
    }

    @Override
    public void close() {
        net.close();
        input.close();
        gradLogits.close();
        if (updaterState != null) {
            updaterState.close();
        }
    }

    /** @return {@link DataType} of the network */
    public DataType dataType() {
        return net.dataType();
    }
}
