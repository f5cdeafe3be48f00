package io.deepbootstrap.toolkit.nn;

import java.util.ArrayList;
import io.deepbootstrap.api.model.Parameters;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A chain of {@link Layer}s with all parameters in one flat vector and all gradients in another
 * (parameter {@code i} of layer {@code j} is a view of both), so an optimizer applies to the whole network
 * in one call. Buffers are allocated once, here, for the largest batch.
 *
 * <p>Initialisation is deterministic: parameters are filled in layer order from one
 * {@link SplittableRandom} seeded with the given seed. Parameter names are
 * {@code <layer index>_<layer name>.<param name>}, e.g. {@code 0_conv2d.weight}.
 *
 * <pre>{@code
 * Sequential net = Sequential.of(new long[] {32, 32, 3}, List.of(
 *         Conv2d.same(32, 3), new Relu(), Pool2d.max(2, 2), new Flatten(), new Dense(10)),
 *     seed, 128, DataType.FLOAT);
 * INDArray logits = net.forward(x, true);   // x: [n, 32, 32, 3]
 * net.backward(gradLogits);                 // fills net.parameters().gradients()
 * }</pre>
 */
public final class Sequential implements AutoCloseable {
    private final long[] inputShape;
    private final long[] outputShape;
    private final List<Layer> layers;
    private final DataType dataType;
    private final int maxBatch;
    private final Parameters parameters;
    private final Map<String, INDArray> state;

    private Sequential(long[] inputShape, List<Layer> layers, long seed, int maxBatch, DataType dataType) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        }
        this.inputShape = inputShape.clone();
        this.layers = List.copyOf(layers);
        this.dataType = dataType;
        this.maxBatch = maxBatch;
        long[] shape = inputShape.clone();
        List<String> names = new ArrayList<>();
        List<Param> all = new ArrayList<>();
        for (int i = 0; i < this.layers.size(); i++) {
            Layer layer = this.layers.get(i);
            shape = layer.build(shape);
            for (Param p : layer.params()) {
                names.add(i + "_" + layer.name() + "." + p.name());
                all.add(p);
            }
        }
        this.outputShape = shape;
        Parameters.Builder builder = Parameters.builder(dataType);
        for (int i = 0; i < all.size(); i++) {
            builder.add(names.get(i), all.get(i).shape());
        }
        parameters = builder.build();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < all.size(); i++) {
            Param p = all.get(i);
            INDArray value = parameters.value(names.get(i));
            p.bind(value, parameters.gradient(names.get(i)));
            double[] init = new double[Math.toIntExact(p.length())];
            p.init().fill(init, random);
            value.assign(Nd4j.createFromArray(init).castTo(dataType).reshape('c', p.shape()));
        }
        Map<String, INDArray> st = new LinkedHashMap<>();
        for (int i = 0; i < this.layers.size(); i++) {
            Layer layer = this.layers.get(i);
            layer.allocate(maxBatch, dataType);
            for (Map.Entry<String, INDArray> e : layer.state().entrySet()) {
                st.put(i + "_" + layer.name() + "." + e.getKey(), e.getValue());
            }
        }
        state = Collections.unmodifiableMap(st);
    }

    /**
     * Builds, initialises and allocates a network.
     *
     * @param inputShape per-example input shape: {@code {h, w, c}} for images, {@code {features}} for vectors
     * @param layers the layers, fresh instances (a layer belongs to one network)
     * @param seed initialisation seed
     * @param maxBatch the largest batch
     * @param dataType FLOAT for training, DOUBLE for gradient checks
     * @return the network
     */
    public static Sequential of(long[] inputShape, List<Layer> layers, long seed, int maxBatch, DataType dataType) {
        return new Sequential(inputShape, layers, seed, maxBatch, dataType);
    }

    /** @return per-example input shape */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** @return per-example output shape */
    public long[] outputShape() {
        return outputShape.clone();
    }

    /** @return the layers */
    public List<Layer> layers() {
        return layers;
    }

    /** @return the data type of activations and parameters */
    public DataType dataType() {
        return dataType;
    }

    /** @return the largest batch */
    public int maxBatch() {
        return maxBatch;
    }

    /**
     * @return the trainable parameters: one flat value vector and one flat gradient vector ({@code [1, n]}), with
     *     the views named {@code <layer index>_<layer name>.<param name>} in layer order
     */
    public Parameters parameters() {
        return parameters;
    }

    /** @return the number of trainable parameters */
    public long parameterCount() {
        return parameters.length();
    }

    /** @return non-trainable state by name (e.g. batch-norm running statistics) */
    public Map<String, INDArray> state() {
        return state;
    }

    /**
     * @param x {@code [n, ...inputShape]}, n at most {@link #maxBatch()}
     * @param training whether this is a training pass (in inference passes a batch norm and the ReLU after it run as
     *     one pass, see {@link BatchNorm#inference})
     * @return {@code [n, ...outputShape]}, owned by the last layer
     */
    public INDArray forward(INDArray x, boolean training) {
        if (x.size(0) > maxBatch) {
            throw new IllegalArgumentException("batch of " + x.size(0) + " exceeds the allocated maximum " + maxBatch);
        }
        return Chain.forward(layers, x, training);
    }

    /**
     * Backpropagates after a training forward pass; fills the gradient vector of {@link #parameters()}.
     *
     * @param gradOutput gradient of the loss with respect to the output (may be overwritten)
     * @return gradient with respect to the input, or {@code null} if the first layer skipped it
     */
    public INDArray backward(INDArray gradOutput) {
        return Chain.backward(layers, gradOutput, computeInputGradient);
    }

    private boolean computeInputGradient;

    /** @param value whether {@link #backward} computes the input gradient too (for gradient checks) */
    public void setComputeInputGradient(boolean value) {
        computeInputGradient = value;
    }

    @Override
    public void close() {
        for (Layer layer : layers) {
            layer.close();
        }
        parameters.close();
    }
}
