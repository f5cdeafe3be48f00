package io.deepbootstrap.toolkit.nn;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import io.deepbootstrap.api.model.Parameters;
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
    /** Null in a replica until its first pass ({@link #splitInference}). */
    private Map<String, INDArray> state;
    /** Whether {@link #parameters} belong to another network (this is its replica) and are not closed here. */
    private final boolean sharesParameters;
    /** The second copy of the layers that split inference passes run on the batch's second half, or null. */
    private Sequential replica;
    /** Split inference passes: the replica's input rows and both halves' outputs ({@link #splitInference}). */
    private INDArray replicaInput;
    private INDArray splitOutput;
    /**
     * Changed whenever the parameters may be written: by {@link #parameters}, {@link #layers} (their caller may write
     * through them) and {@link #backward} (an optimizer step follows); see {@link #parametersVersion}.
     */
    private long parametersVersion;
    /**
     * Changed whenever the running statistics may change: by training passes ({@link #forward} with {@code training}),
     * {@link #state} and {@link #layers} (their caller may write through them or run the layers).
     */
    private long stateVersion;
    /** The {@link #stateVersion} whose running statistics the replica holds (none yet). */
    private long replicaStateVersion = Long.MIN_VALUE;
    /** Copies of the running statistics into the replica so far (for tests). */
    private long replicaStateCopies;

    private Sequential(long[] inputShape, List<Layer> layers, long seed, int maxBatch, DataType dataType) {
        this(inputShape, layers, seed, maxBatch, dataType, null);
    }

    /**
     * @param shared null: a network of its own (parameters initialised from {@code seed}); otherwise the network
     *     whose parameters this one's layers read (a replica for split inference passes, {@link #splitInference})
     */
    private Sequential(long[] inputShape, List<Layer> layers, long seed, int maxBatch, DataType dataType, Sequential shared) {
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
        if (shared != null) {
            if (!Arrays.equals(outputShape, shared.outputShape) || !names.equals(new ArrayList<>(shared.parameters.valueViews().keySet()))) {
                throw new IllegalArgumentException("replica layers differ from the network's: parameters " + names
                        + ", output " + Arrays.toString(outputShape));
            }
            parameters = shared.parameters;
            for (int i = 0; i < all.size(); i++) {
                Param p = all.get(i);
                INDArray value = parameters.value(names.get(i));
                if (!Arrays.equals(value.shape(), p.shape())) {
                    throw new IllegalArgumentException("replica parameter " + names.get(i) + " has shape " + Arrays.toString(p.shape())
                            + ", the network's " + Arrays.toString(value.shape()));
                }
                p.bind(value, parameters.gradient(names.get(i)));
            }
        } else {
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
        }
        sharesParameters = shared != null;
        // a replica allocates its buffers on its first pass (none in a process that never splits)
        state = shared == null ? allocateLayers() : null;
    }

    /** Allocates the layers' buffers; @return their state by name */
    private Map<String, INDArray> allocateLayers() {
        Map<String, INDArray> st = new LinkedHashMap<>();
        for (int i = 0; i < this.layers.size(); i++) {
            Layer layer = this.layers.get(i);
            layer.allocate(maxBatch, dataType);
            for (Map.Entry<String, INDArray> e : layer.state().entrySet()) {
                st.put(i + "_" + layer.name() + "." + e.getKey(), e.getValue());
            }
        }
        return Collections.unmodifiableMap(st);
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

    /**
     * The layers. Whoever gets them may run them or write their parameters: cached copies made from the network's
     * parameters and running statistics are refreshed after this call (see {@link #parameters}, {@link #state}).
     *
     * @return the layers
     */
    public List<Layer> layers() {
        parametersVersion++;
        stateVersion++;
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
     *     the views named {@code <layer index>_<layer name>.<param name>} in layer order. The caller may write
     *     through them: copies derived from the parameters (the packed weights of {@link DenseStack}) are refreshed
     *     after this call and after every {@link #backward} (an optimizer's step follows it). A reference kept from
     *     earlier must not be written after an inference pass without one of these calls in between (the engine's
     *     order: backward, optimizer step, inference passes).
     */
    public Parameters parameters() {
        parametersVersion++;
        return parameters;
    }

    /**
     * @return a number that changes whenever the parameters may have been written ({@link #parameters}): equal numbers
     *     mean unchanged parameters, as long as references kept from earlier are written only as {@link #parameters}
     *     says
     */
    long parametersVersion() {
        return parametersVersion;
    }

    /** @return the number of trainable parameters */
    public long parameterCount() {
        return parameters.length();
    }

    /**
     * @return non-trainable state by name (e.g. batch-norm running statistics); the caller may write through it (the
     *     split inference replica's copy is refreshed after this call and after every training pass)
     */
    public Map<String, INDArray> state() {
        stateVersion++;
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
        if (training) {
            stateVersion++;
        } else if (splits(x.size(0))) {
            return forwardSplit(x);
        }
        return Chain.forward(layers, x, training);
    }

    /**
     * Runs inference passes of {@code 2 * 8} rows and more as two halves, each through the whole network with one
     * OpenMP thread: the first {@code ceil(n / 2)} rows on these layers, the rest on {@code replicaLayers}; at two or
     * more native threads ({@link Nd4jRuntime#threads}) both at once (the second on a helper thread, or on
     * the caller after the first when the helper does not come), at one thread one after the other. Nothing waits
     * between layers: at two threads oneDNN's parallel regions inside each small layer (e.g. 128 images of 16
     * channels) and the wake-ups of the sleeping OpenMP thread at each of them cost more than the split by rows
     * (docs/PERFORMANCE.md, "ResNet-18 width 16 inference (session 10)"). Batch norm runs on running statistics in
     * inference, so rows are independent. <b>Results</b> are the same bits at every thread count (the same halves
     * go through the same layer instances with one OpenMP thread); they can differ from a pass over the whole batch
     * in the last bits (oneDNN's kernels for 64 and 128 images, measured on ResNet-18 width 16). The replica reads
     * this network's parameters (the same memory) and gets a copy of its {@link #state()} before a split pass when the
     * statistics may have changed since the last copy (a training pass, a {@link #state()} or {@link #layers()} call);
     * its buffers (for {@code ceil(maxBatch / 2)} rows, outputs only: input-gradient buffers are allocated by the
     * first backward pass, see {@link AbstractLayer}) are allocated by the first split pass. Training passes,
     * smaller batches, {@code -Dbootstrap.inference.split=false} and profiled passes ({@link PartTimer}) run the
     * whole batch on these layers.
     *
     * @param replicaLayers fresh instances of the same layers, in the same order (same parameter names and shapes)
     * @return this network
     */
    public Sequential splitInference(List<Layer> replicaLayers) {
        if (replica != null || sharesParameters) {
            throw new IllegalStateException("split inference already set up (or this is a replica)");
        }
        replica = new Sequential(inputShape, replicaLayers, 0, (maxBatch + 1) / 2, dataType, this);
        return this;
    }

    /** Allocates the replica's buffers and the split's own on the first split pass. */
    private void allocateReplica() {
        Map<String, INDArray> st = replica.allocateLayers();
        replica.state = st;
        if (!st.keySet().equals(state.keySet())) {
            throw new IllegalStateException("replica layers have other state: " + st.keySet() + ", network " + state.keySet());
        }
        replicaInput = Nd4j.create(dataType, Ops.batchShape(replica.maxBatch, inputShape), 'c');
        splitOutput = Nd4j.create(dataType, Ops.batchShape(maxBatch, outputShape), 'c');
    }

    /** @return whether {@link #splitInference} set up a replica for split inference passes */
    public boolean splitsInference() {
        return replica != null;
    }

    /** Whether split inference passes are on ({@code -Dbootstrap.inference.split}, default true where set up). */
    private static final boolean SPLIT = !"false".equalsIgnoreCase(System.getProperty("bootstrap.inference.split"));
    /** The smallest half of a batch worth a thread of its own. */
    private static final int SPLIT_MIN_ROWS = 8;

    private boolean splits(long n) {
        return replica != null && SPLIT && n >= 2 * SPLIT_MIN_ROWS && !PartTimer.running();
    }

    /** Inference passes run as two halves so far (for tests). */
    private long splitPasses;

    /** @return the number of inference passes run as two halves ({@link #splitInference}), for tests */
    long splitPasses() {
        return splitPasses;
    }

    /** @return the number of times the running statistics were copied into the replica, for tests */
    long replicaStateCopies() {
        return replicaStateCopies;
    }

    /** The inference pass as two halves at once ({@link #splitInference}). */
    private INDArray forwardSplit(INDArray x) {
        if (replica.state == null) {
            allocateReplica();
        }
        splitPasses++;
        int n = Math.toIntExact(x.size(0));
        int half = (n + 1) / 2;
        if (replicaStateVersion != stateVersion) {
            for (Map.Entry<String, INDArray> e : state.entrySet()) {
                replica.state.get(e.getKey()).assign(e.getValue());
            }
            replicaStateVersion = stateVersion;
            replicaStateCopies++;
        }
        INDArray out = Ops.rows(splitOutput, n);
        Parallel.run(2, 1, (from, to, part) -> {
            for (int c = from; c < to; c++) {
                boolean first = c == 0;
                Nd4jRuntime.onOneOmpThreadHere(() -> {
                    if (first) {
                        Ops.rows(out, half).assign(Chain.forward(layers, Ops.rows(x, half), false));
                    } else {
                        INDArray in = Ops.rows(replicaInput, n - half);
                        in.assign(x.get(NDArrayIndex.interval(half, n)));
                        out.get(NDArrayIndex.interval(half, n)).assign(Chain.forward(replica.layers, in, false));
                    }
                });
            }
        });
        return out;
    }

    /**
     * Backpropagates after a training forward pass; fills the gradient vector of {@link #parameters()}.
     *
     * @param gradOutput gradient of the loss with respect to the output (may be overwritten)
     * @return gradient with respect to the input, or {@code null} if the first layer skipped it
     */
    public INDArray backward(INDArray gradOutput) {
        parametersVersion++;
        return Chain.backward(layers, gradOutput, computeInputGradient);
    }

    private boolean computeInputGradient;

    /** @param value whether {@link #backward} computes the input gradient too (for gradient checks) */
    public void setComputeInputGradient(boolean value) {
        computeInputGradient = value;
    }

    @Override
    public void close() {
        if (state != null) {
            for (Layer layer : layers) {
                layer.close();
            }
        }
        if (replica != null) {
            replica.close();
            if (replicaInput != null) {
                replicaInput.close();
                splitOutput.close();
            }
            replica = null;
        }
        if (!sharesParameters) {
            parameters.close();
        }
    }
}
