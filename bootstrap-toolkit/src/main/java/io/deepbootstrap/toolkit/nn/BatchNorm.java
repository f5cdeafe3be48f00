package io.deepbootstrap.toolkit.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation over the last (channel) dimension of NHWC or vector inputs. Training uses the
 * batch's mean and biased variance and updates running statistics
 * ({@code running = (1 - momentum) * running + momentum * batch}, PyTorch's convention, with the biased
 * batch variance; momentum 0.1 by default); inference uses the running statistics in one pass that can apply the
 * following ReLU too ({@link #inference}): on the CPU backend in float32 oneDNN's batch-normalisation primitive
 * ({@code fuse_norm_relu}; 2-3x faster than the Java loop at two threads, docs/PERFORMANCE.md "ResNet-18 at two
 * threads"), otherwise the statistics folded into one per-channel scale and shift applied by a Java loop (with the
 * ReLU 35-50% less CPU time than libnd4j's {@code batchnorm} and {@code relu} ops on 0.5-2 M floats). Parameters:
 * {@code gamma} (ones), {@code beta} (zeros); state: {@code running-mean}, {@code running-var}.
 *
 * <p>Training passes on the CPU backend in float32 run on oneDNN's batch-normalisation primitives called directly
 * ({@link DnnlBatchNorm}: two passes over the activations forward, two backward, split between the OpenMP threads;
 * no extra activation-sized buffer); {@code -Dbootstrap.batchnorm.dnnl=false} turns that off. Otherwise (float64,
 * other backends, turned off) training passes view the activations as a matrix {@code [n*h*w, c]} and compute every per-channel sum
 * as a BLAS gemv with a vector of ones ({@link Blas#columnSums}; libnd4j's {@code moments} and {@code batchnorm_bp}
 * take 15-30x longer on NHWC data), plus a few per-channel broadcasts over grouped rows ({@link #group}), each
 * writing straight into its destination buffer. The normalised input is kept in one extra
 * activation-sized buffer for the backward pass; the backward pass writes the input gradient over the output
 * gradient (no input-gradient buffer).
 */
public final class BatchNorm extends AbstractLayer {
    private final double epsilon;
    private final double momentum;
    private Param gamma;
    private Param beta;
    private long channels;
    private long positions; // per example: h*w (1 for vectors)
    /** Target width of the grouped rows of per-channel broadcasts (see {@link #group}). */
    private static final long WIDE = 1024;
    /** Per-channel vectors tiled for the grouped broadcasts, four rows of up to {@code WIDE} (or channels) values. */
    private INDArray[] tiles;
    private double[] tileValues;
    /** {@code beta} copied into a buffer of its own (tiles are made from offset-0 buffers). */
    private INDArray shift;
    private INDArray xhat;
    private INDArray mean;
    private INDArray var;
    private INDArray invStd;
    private INDArray scale;
    private INDArray runningMean;
    private INDArray runningVar;
    private INDArray tmp;
    private ChannelAffine affine;
    private double[][] statistics;
    /** The inference map folded from parameters and running statistics ({@link #fold}), {@code [channels]} each. */
    private INDArray foldedScale;
    private INDArray foldedShift;
    /** oneDNN's training passes, or null (the passes below). */
    private DnnlBatchNorm dnnl;
    private Boolean dnnlOverride;
    /** Whether the last training forward pass ran on {@link #dnnl} (its backward pass must too). */
    private boolean lastDnnl;
    /** Whether the last training forward pass applied a ReLU too ({@link #trainingForwardRelu}). */
    private boolean lastRelu;

    /** Epsilon 1e-5, momentum 0.1. */
    public BatchNorm() {
        this(1e-5, 0.1);
    }

    /**
     * @param epsilon added to the variance
     * @param momentum weight of the batch statistics in the running statistics
     */
    public BatchNorm(double epsilon, double momentum) {
        this.epsilon = epsilon;
        this.momentum = momentum;
    }

    @Override
    public String name() {
        return "batchnorm";
    }

    @Override
    public long[] build(long[] inputShape) {
        inShape = inputShape.clone();
        outShape = inputShape.clone();
        channels = inShape[inShape.length - 1];
        positions = Ops.size(inShape) / channels;
        gamma = new Param("gamma", new long[] {channels}, Param.Init.ones());
        beta = new Param("beta", new long[] {channels}, Param.Init.zeros());
        return outShape.clone();
    }

    @Override
    public List<Param> params() {
        return List.of(gamma, beta);
    }

    @Override
    public void allocate(int maxBatch, DataType dataType) {
        super.allocate(maxBatch, dataType);
        long tileWidth = Math.max(WIDE, channels);
        tiles = new INDArray[4];
        for (int i = 0; i < tiles.length; i++) {
            tiles[i] = Nd4j.create(dataType, 1, tileWidth);
        }
        shift = Nd4j.create(dataType, 1, channels);
        tileValues = new double[(int) tileWidth];
        if (DnnlBatchNorm.usable(dataType) && (dnnlOverride == null || dnnlOverride)) {
            dnnl = new DnnlBatchNorm(channels, positions, epsilon);
        } else {
            xhat = Nd4j.create(dataType, Ops.batchShape(maxBatch, inShape), 'c');
        }
        mean = Nd4j.create(dataType, 1, channels);
        var = Nd4j.create(dataType, 1, channels);
        invStd = Nd4j.create(dataType, 1, channels);
        scale = Nd4j.create(dataType, 1, channels);
        tmp = Nd4j.create(dataType, 1, channels);
        runningMean = Nd4j.zeros(dataType, channels);
        runningVar = Nd4j.ones(dataType, channels);
        affine = new ChannelAffine(Math.toIntExact(channels));
        statistics = new double[4][Math.toIntExact(channels)];
        foldedScale = Nd4j.create(dataType, channels);
        foldedShift = Nd4j.create(dataType, channels);
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>();
        s.put("running-mean", runningMean);
        s.put("running-var", runningVar);
        return s;
    }

    /**
     * For tests: whether the training passes use oneDNN ({@link DnnlBatchNorm}) where they can (true, the default) or
     * never (false). Call before the network is built.
     *
     * @param direct the choice
     * @return this layer
     */
    BatchNorm directOneDnn(boolean direct) {
        dnnlOverride = direct;
        return this;
    }

    private INDArray matrix(INDArray a) {
        return a.reshape('c', a.length() / channels, channels);
    }

    /**
     * Groups of {@code k} rows of a {@code [rows, channels]} matrix side by side, {@code [rows / k, k * channels]}, so
     * that a per-channel broadcast runs over long rows (libnd4j's row-vector broadcast costs per row: with 16
     * channels the wide view is ~2x faster); the per-channel vectors are tiled {@code k} times to match. The
     * arithmetic per element is the same.
     *
     * @return the largest power of two {@code k <= WIDE / channels} dividing {@code rows}
     */
    private long group(long rows) {
        long k = Math.max(1, WIDE / channels);
        while (k > 1 && rows % k != 0) {
            k /= 2;
        }
        return k;
    }

    private static INDArray wide(INDArray matrix, long k) {
        return k == 1 ? matrix : matrix.reshape('c', matrix.size(0) / k, matrix.size(1) * k);
    }

    /**
     * @param v a per-channel vector {@code [1, channels]}, one of this layer's own buffers (data at offset 0)
     * @param slot which tile buffer to use (one per vector alive at the same time)
     * @param k copies
     * @return {@code v} repeated {@code k} times, {@code [1, k * channels]}
     */
    private INDArray tile(INDArray v, int slot, long k) {
        if (k == 1) {
            return v;
        }
        int c = (int) channels;
        Ops.get(v, tileValues, c);
        for (int i = 1; i < k; i++) {
            System.arraycopy(tileValues, 0, tileValues, i * c, c);
        }
        Ops.put(tiles[slot], tileValues, (int) (k * c));
        return k * c == tiles[slot].length() ? tiles[slot]
                : tiles[slot].get(NDArrayIndex.point(0), NDArrayIndex.interval(0, k * c)).reshape(1, k * c);
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        input = in;
        INDArray out = out(in);
        if (!training) {
            return inference(in, false);
        }
        lastRelu = false;
        lastDnnl = dnnl != null && Kernels.isContiguous(in);
        if (lastDnnl) {
            dnnl.forward(in, gamma.value(), beta.value(), out, mean, var);
            updateRunningStatistics();
            return out;
        }
        if (xhat == null) { // strided input on the oneDNN path (the built-in layers produce none): the passes below
            xhat = Nd4j.create(in.dataType(), Ops.batchShape(output.size(0), inShape), 'c');
        }
        long rows = in.length() / channels;
        long k = group(rows);
        INDArray x = matrix(in);
        INDArray xh = matrix(Ops.rows(xhat, in.size(0)));
        INDArray o = matrix(out);
        INDArray xhw = wide(xh, k);
        INDArray ow = wide(o, k);
        Blas.columnSums(x, mean, 1.0 / rows);                                          // mean
        Nd4j.exec(new BroadcastSubOp(wide(x, k), tile(mean, 0, k), xhw, 1));           // x - mean
        Nd4j.exec(new MulOp(xh, xh, o));                                               // (x - mean)^2, in the output buffer
        Blas.columnSums(o, var, 1.0 / rows);                                           // biased variance
        invStd.assign(var).addi(epsilon);
        Transforms.pow(invStd, -0.5, false);                                           // 1 / sqrt(var + eps)
        Nd4j.exec(new BroadcastMulOp(xhw, tile(invStd, 1, k), xhw, 1));                // xhat
        scale.assign(gamma.value().reshape(1, channels));
        Nd4j.exec(new BroadcastMulOp(xhw, tile(scale, 2, k), ow, 1));                  // gamma * xhat
        Nd4j.exec(new BroadcastAddOp(ow, tile(shift.assign(beta.value().reshape(1, channels)), 3, k), ow, 1)); // + beta
        updateRunningStatistics();
        return out;
    }

    /**
     * @param in a training pass's input
     * @return whether {@link #trainingForwardRelu} can run on it (oneDNN's primitives, contiguous input)
     */
    boolean canFuseRelu(INDArray in) {
        return dnnl != null && Kernels.isContiguous(in);
    }

    /** @return whether the last training forward pass applied the ReLU too ({@link #trainingForwardRelu}) */
    boolean appliedRelu() {
        return lastRelu;
    }

    /**
     * A training forward pass followed by a ReLU in the same oneDNN primitive ({@code fuse_norm_relu}; it keeps the
     * ReLU's mask in a workspace): the next {@link #backward} then takes the gradient of the ReLU's output and
     * returns the gradient of this layer's input. For a {@link Relu} after this layer that its owner then skips, in
     * both directions: one pass over the activations less each way. Only where {@link #canFuseRelu} says so.
     *
     * @param in {@code [n, ..., c]}, C-order contiguous
     * @return {@code relu(batchnorm(in))}, this layer's output buffer
     */
    INDArray trainingForwardRelu(INDArray in) {
        if (!canFuseRelu(in)) {
            throw new IllegalStateException("batch norm + ReLU needs oneDNN and a contiguous input");
        }
        input = in;
        INDArray out = out(in);
        lastDnnl = true;
        lastRelu = true;
        dnnl.forward(in, gamma.value(), beta.value(), out, mean, var, true);
        updateRunningStatistics();
        return out;
    }

    /**
     * {@code running = running * (1 - momentum) + batch * momentum} for the mean and the variance, in a Java loop over
     * the channels: the same roundings as the six libnd4j operations it replaces (products and sum rounded to the
     * element type), without their per-call overhead (about 0.27 ms per layer at two threads, 4.4 ms of a ResNet-18 w16
     * training step; docs/PERFORMANCE.md, "ResNet-18 width 16 training (session 9)").
     */
    private void updateRunningStatistics() {
        int c = Math.toIntExact(channels);
        double[] running = statistics[0];
        double[] batch = statistics[1];
        boolean single = runningMean.dataType() == DataType.FLOAT;
        INDArray[][] pairs = {{runningMean, mean}, {runningVar, var}};
        for (INDArray[] pair : pairs) {
            Ops.get(pair[0], running, c);
            Ops.get(pair[1], batch, c);
            for (int j = 0; j < c; j++) {
                running[j] = single ? blend((float) running[j], (float) batch[j]) : running[j] * (1 - momentum) + batch[j] * momentum;
            }
            Ops.put(pair[0], running, c);
        }
    }

    /** @return {@code running * (1 - momentum) + batch * momentum} in float arithmetic */
    private float blend(float running, float batch) {
        return running * (float) (1 - momentum) + batch * (float) momentum;
    }

    /**
     * The inference pass, optionally followed by a ReLU, in one pass over the activations: {@code y = gamma (x -
     * runningMean) / sqrt(runningVar + eps) + beta} on oneDNN's primitive (float32, CPU backend, contiguous arrays),
     * else {@code y = x a + b} per channel with {@code a = gamma / sqrt(runningVar + eps)} and
     * {@code b = beta - runningMean a} (PyTorch's inference kernel folds the statistics the same way); then
     * {@code max(0, y)} if asked. The two differ in the last bits of a float.
     *
     * @param in {@code [n, ...]} with channels last, C-order contiguous
     * @param relu whether to apply a ReLU too (for a {@link Relu} after this layer, which is then skipped)
     * @return this layer's output buffer for the batch
     */
    public INDArray inference(INDArray in, boolean relu) {
        return inference(in, out(in), relu);
    }

    /**
     * {@link #inference(INDArray, boolean)} into a given array, e.g. in place over an input no one reads afterwards
     * (one activation-sized buffer less to stream through the caches).
     *
     * @param in {@code [n, ...]} with channels last, C-order contiguous
     * @param out destination of the same shape (may be {@code in})
     * @param relu whether to apply a ReLU too
     * @return {@code out}
     */
    public INDArray inference(INDArray in, INDArray out, boolean relu) {
        input = in;
        if (dnnl != null && Kernels.isContiguous(in) && Kernels.isContiguous(out)) {
            dnnl.inference(in, gamma.value(), beta.value(), runningMean, runningVar, relu, out);
            return out;
        }
        foldStatistics();
        affine.set(statistics[0], statistics[1]);
        affine.apply(in, out, relu);
        return out;
    }

    /**
     * Folds the current parameters and running statistics into the inference map {@code y = x scale + shift}
     * (recomputed on every call: nothing goes stale when an optimizer step or a state load changes them).
     *
     * @return {@code {scale, shift}}, this layer's own {@code [channels]} buffers, valid until the next call
     */
    INDArray[] fold() {
        foldStatistics();
        int c = Math.toIntExact(channels);
        Ops.put(foldedScale, statistics[0], c);
        Ops.put(foldedShift, statistics[1], c);
        return new INDArray[] {foldedScale, foldedShift};
    }

    /** {@code statistics[0] = gamma / sqrt(runningVar + eps)}, {@code statistics[1] = beta - runningMean * statistics[0]}. */
    private void foldStatistics() {
        int c = Math.toIntExact(channels);
        double[] a = statistics[0];
        double[] b = statistics[1];
        double[] m = statistics[2];
        double[] v = statistics[3];
        Ops.get(gamma.value(), a, c);
        Ops.get(beta.value(), b, c);
        Ops.get(runningMean, m, c);
        Ops.get(runningVar, v, c);
        for (int j = 0; j < c; j++) {
            a[j] /= Math.sqrt(v[j] + epsilon);
            b[j] -= m[j] * a[j];
        }
    }

    /** The input gradient is written into the output gradient: no input-gradient buffer. */
    @Override
    protected boolean ownsInputGradient() {
        return false;
    }

    /**
     * Writes the input gradient over {@code gradOut} and returns it. The layer's own output buffer serves as the
     * temporary: by the time this layer's backward pass runs, every layer that read that output (the layers
     * after this one) has run its backward pass, so it is dead.
     */
    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        if (lastDnnl) {
            dnnl.backward(input, gradOut, gamma.value(), beta.value(), mean, var, gradOut, gamma.grad(), beta.grad(), lastRelu);
            return inputGradNeeded ? gradOut : null;
        }
        long rows = gradOut.length() / channels;
        long k = group(rows);
        INDArray g = matrix(gradOut);
        INDArray xh = matrix(Ops.rows(xhat, gradOut.size(0)));
        INDArray t = matrix(Ops.rows(output, gradOut.size(0)));
        INDArray dBeta = beta.grad().reshape(1, channels);
        INDArray dGamma = gamma.grad().reshape(1, channels);
        Blas.columnSums(g, dBeta, 1.0);                                                // sum g
        Nd4j.exec(new MulOp(g, xh, t));
        Blas.columnSums(t, dGamma, 1.0);                                               // sum g * xhat
        if (!inputGradNeeded) {
            return null;
        }
        // dx = gamma * invStd * (g - sum(g)/M - xhat * sum(g * xhat)/M)
        INDArray gw = wide(g, k);
        Nd4j.exec(new BroadcastMulOp(wide(xh, k), tile(tmp.assign(dGamma).muli(-1.0 / rows), 0, k), wide(t, k), 1));
        g.addi(t);
        Nd4j.exec(new BroadcastAddOp(gw, tile(tmp.assign(dBeta).muli(-1.0 / rows), 1, k), gw, 1));
        Nd4j.exec(new BroadcastMulOp(gw, tile(scale.muli(invStd), 2, k), gw, 1));
        return gradOut;
    }

    @Override
    public void close() {
        super.close();
        if (tiles != null) {
            for (INDArray a : tiles) {
                a.close();
            }
        }
        if (dnnl != null) {
            dnnl.close();
            dnnl = null;
        }
        for (INDArray a : new INDArray[] {shift, xhat, mean, var, invStd, scale, tmp, runningMean, runningVar, foldedScale,
                foldedShift}) {
            if (a != null) {
                a.close();
            }
        }
    }
}
