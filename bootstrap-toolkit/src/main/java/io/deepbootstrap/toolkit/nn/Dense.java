package io.deepbootstrap.toolkit.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Fully connected layer {@code y = x W + b} over the last dimension, via BLAS gemm: vectors {@code [n, in]},
 * or any rank such as token sequences {@code [n, tokens, in]} (every position uses the same weights).
 * Parameters: {@code weight [in, out]} (uniform ±1/sqrt(in)) and {@code bias [out]} (zeros).
 */
public final class Dense extends AbstractLayer {
    private final int units;
    private Param weight;
    private Param bias;
    private ChannelAffine rows;
    private double[] biasValues;
    /** The oneDNN inference pass ({@link #inference}), created when first used. */
    private DnnlDense dnnl;

    /** @param units output width */
    public Dense(int units) {
        if (units < 1) {
            throw new IllegalArgumentException("dense units must be >= 1, got " + units);
        }
        this.units = units;
    }

    @Override
    public String name() {
        return "dense";
    }

    @Override
    public long[] build(long[] inputShape) {
        inShape = inputShape.clone();
        outShape = inputShape.clone();
        outShape[outShape.length - 1] = units;
        long in = inShape[inShape.length - 1];
        weight = new Param("weight", new long[] {in, units}, Param.Init.fanInUniform(in));
        bias = new Param("bias", new long[] {units}, Param.Init.zeros());
        rows = new ChannelAffine(units);
        biasValues = new double[units];
        return outShape.clone();
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }

    private static INDArray matrix(INDArray a) {
        return a.rank() == 2 ? a : a.reshape('c', a.length() / a.size(a.rank() - 1), a.size(a.rank() - 1));
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        return forwardAdding(in, null);
    }

    /**
     * The forward pass plus an addend: {@code y = x W + b + addend} (e.g. a residual), as cheap as the plain pass.
     * The bias rows (plus the addend) are written into the output in one pass and the gemm adds the product to
     * them ({@code beta = 1}); a gemm with {@code beta = 0} would clear the output in a pass of its own, and a
     * separate bias pass would read and write it once more. The backward pass is {@link #backward}'s (the
     * addend's gradient is the output gradient, the caller's business).
     *
     * @param in {@code [..., in]}
     * @param addend {@code [..., units]} of the output's length, C-order contiguous, or {@code null}
     * @return the output buffer for the batch
     */
    public INDArray forwardAdding(INDArray in, INDArray addend) {
        input = in;
        INDArray out = out(in);
        INDArray o = matrix(out);
        Ops.get(bias.value(), biasValues, units);
        rows.set(null, biasValues);
        rows.apply(addend, o, false);
        Blas.gemmSplit(matrix(in), weight.value(), o, false, false, 1.0, 1.0);
        return out;
    }

    /** @return whether {@link #inference} can run here: float32 vectors, oneDNN loadable */
    boolean dnnlInference() {
        return inShape.length == 1 && Dnnl.usable(weight.value().dataType());
    }

    /**
     * The inference pass over vectors, {@code y = x W + b} and, with {@code relu}, {@code max(0, y)}, as one oneDNN
     * inner product whose weights stay packed in oneDNN's layout while {@code version} is unchanged
     * ({@link DnnlDense}); needs {@link #dnnlInference}.
     *
     * @param in {@code [n, in]}
     * @param relu whether a ReLU follows (applied here; the caller skips it)
     * @param version the parameters' version: the caller changes it whenever the weights may have changed
     * @return the output buffer for the batch
     */
    INDArray inference(INDArray in, boolean relu, long version) {
        input = in;
        INDArray out = out(in);
        dnnl().inference(in, weight.value(), bias.value(), relu, out, version);
        return out;
    }

    /**
     * Makes {@link #inferenceRows} ready for {@code n} rows on {@code lane} at the calling thread's OpenMP thread count:
     * creates the primitive if needed, re-packs the weights if {@code version} changed ({@link DnnlDense#prepare}).
     * Needs {@link #dnnlInference}; must not run while an {@link #inferenceRows} call runs.
     *
     * @param n rows
     * @param relu whether a ReLU follows
     * @param lane the lane, {@code 0 <= lane < }{@link DnnlDense#LANES}
     * @param version the parameters' version
     */
    void prepareInference(long n, boolean relu, int lane, long version) {
        dnnl().prepare(n, relu, lane, weight.value(), version);
    }

    /**
     * The inference pass for rows {@code [from, to)} of a batch, written into the same rows of this layer's output
     * buffer, on {@code lane} (after {@link #prepareInference} for {@code to - from} rows): the two lanes may run at once
     * on two threads, on disjoint rows.
     *
     * @param in {@code [to - from, in]}, C-order contiguous (rows of the previous layer's output)
     * @param from first row
     * @param to end row (exclusive)
     * @param relu whether a ReLU follows (applied here)
     * @param lane the lane
     * @return rows {@code [from, to)} of the output buffer
     */
    INDArray inferenceRows(INDArray in, long from, long to, boolean relu, int lane) {
        INDArray out = from == 0 ? Ops.rows(output, to) : output.get(NDArrayIndex.interval(from, to));
        dnnl.run(in, weight.value(), bias.value(), relu, out, lane);
        return out;
    }

    /**
     * @param n rows
     * @return the first {@code n} rows of the output buffer
     */
    INDArray outputRows(long n) {
        return Ops.rows(output, n);
    }

    /** @return the implementation oneDNN chose for {@link #inference} at batch {@code n} (tests, diagnostics) */
    String dnnlImpl(long n) {
        return dnnl().implementation(n, true);
    }

    /** @return the number of packed weight copies the oneDNN pass holds (tests) */
    int dnnlPackedCopies() {
        return dnnl == null ? 0 : dnnl.packedCopies();
    }

    /** @return the layer's one oneDNN inference pass, created on first use and freed by {@link #close} */
    private DnnlDense dnnl() {
        if (dnnl == null) {
            dnnl = new DnnlDense(inShape[0], units);
        }
        return dnnl;
    }

    @Override
    public void close() {
        if (dnnl != null) {
            dnnl.close();
            dnnl = null;
        }
        super.close();
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        INDArray g = matrix(gradOut);
        Blas.gemmSplit(matrix(input), g, weight.grad(), true, false, 1.0, 0.0);
        // column sums as a gemm with a row of ones (libnd4j's sum along dimension 0 walks strided columns, 3-5x slower)
        Blas.gemm(Scratch.ones(g.dataType(), g.size(0)), g, bias.grad().reshape('c', 1, units), false, false, 1.0, 0.0);
        if (!inputGradNeeded) {
            return null;
        }
        INDArray gi = gradIn(gradOut);
        Blas.gemmSplit(g, weight.value(), matrix(gi), false, true, 1.0, 0.0);
        return gi;
    }
}
