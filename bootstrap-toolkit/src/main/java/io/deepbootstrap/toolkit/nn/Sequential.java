package io.deepbootstrap.toolkit.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

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
 * net.backward(gradLogits);                 // fills net.gradients()
 * }</pre>
 */
public final class Sequential implements AutoCloseable {
    private final long[] inputShape;
    private final long[] outputShape;
    private final List<Layer> layers;
    private final DataType dataType;
    private final int maxBatch;
    private final INDArray params;
    private final INDArray grads;
    private final Map<String, INDArray> paramViews;
    private final Map<String, INDArray> gradViews;
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
        long total = 0;
        for (Param p : all) {
            total += p.length();
        }
        params = Nd4j.create(dataType, 1, Math.max(total, 1));
        grads = Nd4j.create(dataType, 1, Math.max(total, 1));
        Map<String, INDArray> pv = new LinkedHashMap<>();
        Map<String, INDArray> gv = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        long offset = 0;
        for (int i = 0; i < all.size(); i++) {
            Param p = all.get(i);
            long len = p.length();
            INDArray value = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + len)).reshape('c', p.shape());
            INDArray grad = grads.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + len)).reshape('c', p.shape());
            p.bind(value, grad);
            double[] init = new double[Math.toIntExact(len)];
            p.init().fill(init, random);
            value.assign(Nd4j.createFromArray(init).castTo(dataType).reshape('c', p.shape()));
            pv.put(names.get(i), value);
            gv.put(names.get(i), grad);
            offset += len;
        }
        paramViews = Collections.unmodifiableMap(pv);
        gradViews = Collections.unmodifiableMap(gv);
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

    /** @return all parameters, {@code [1, parameterCount]} */
    public INDArray parameters() {
        return params;
    }

    /** @return all gradients of the last backward pass, {@code [1, parameterCount]} */
    public INDArray gradients() {
        return grads;
    }

    /** @return the number of trainable parameters */
    public long parameterCount() {
        long n = 0;
        for (INDArray v : paramViews.values()) {
            n += v.length();
        }
        return n;
    }

    /** @return parameter views by name, in layer order */
    public Map<String, INDArray> parameterViews() {
        return paramViews;
    }

    /** @return gradient views by name, same names as {@link #parameterViews()} */
    public Map<String, INDArray> gradientViews() {
        return gradViews;
    }

    /** @return non-trainable state by name (e.g. batch-norm running statistics) */
    public Map<String, INDArray> state() {
        return state;
    }

    /**
     * @param x {@code [n, ...inputShape]}, n at most {@link #maxBatch()}
     * @param training whether this is a training pass
     * @return {@code [n, ...outputShape]}, owned by the last layer
     */
    public INDArray forward(INDArray x, boolean training) {
        if (x.size(0) > maxBatch) {
            throw new IllegalArgumentException("batch of " + x.size(0) + " exceeds the allocated maximum " + maxBatch);
        }
        INDArray a = x;
        for (Layer layer : layers) {
            a = layer.forward(a, training);
        }
        return a;
    }

    /**
     * Backpropagates after a training forward pass; fills {@link #gradients()}.
     *
     * @param gradOutput gradient of the loss with respect to the output (may be overwritten)
     * @return gradient with respect to the input, or {@code null} if the first layer skipped it
     */
    public INDArray backward(INDArray gradOutput) {
        INDArray g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g, i > 0 || computeInputGradient);
        }
        return g;
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
        params.close();
        grads.close();
    }
}
