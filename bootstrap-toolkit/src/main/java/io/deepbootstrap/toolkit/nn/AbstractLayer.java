package io.deepbootstrap.toolkit.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Base for layers with an output buffer and an input-gradient buffer, both allocated once for the
 * largest batch: the output buffer in {@link #allocate}, the input-gradient buffer in the first backward pass that
 * asks for it ({@link #gradIn}), so layers that only ever run inference passes (e.g. the replica of
 * {@link Sequential#splitInference}) do not hold one. Subclasses set {@link #inShape} and {@link #outShape} in
 * {@code build}.
 */
public abstract class AbstractLayer implements Layer {
    /** Per-example input shape, set by {@code build}. */
    protected long[] inShape;
    /** Per-example output shape, set by {@code build}. */
    protected long[] outShape;
    /** Output buffer {@code [maxBatch, ...outShape]}. */
    protected INDArray output;
    /**
     * Input-gradient buffer {@code [rows, ...inShape]} for the largest batch a backward pass has had so far (the
     * training batch, usually smaller than {@code maxBatch}, which evaluation batches set), null until the first
     * {@link #gradIn} (use that, not the field).
     */
    protected INDArray gradInput;
    /** The largest batch given to {@link #allocate}. */
    private int maxBatch;
    /** The input of the last forward pass. */
    protected INDArray input;
    /** The data type given to {@link #allocate}. */
    protected DataType dataType;

    @Override
    public void allocate(int maxBatch, DataType dataType) {
        this.dataType = dataType;
        this.maxBatch = maxBatch;
        output = Nd4j.create(dataType, Ops.batchShape(maxBatch, outShape), 'c');
    }

    /**
     * @return false for a layer whose backward pass writes the input gradient into the output gradient it is
     *     given (then {@link #gradInput} is not allocated); true by default
     */
    protected boolean ownsInputGradient() {
        return true;
    }

    /** @return the output view for the batch size of {@code in} */
    protected INDArray out(INDArray in) {
        return Ops.rows(output, in.size(0));
    }

    /** @return the input-gradient view for the batch size of {@code gradOut} */
    protected INDArray gradIn(INDArray gradOut) {
        return gradIn(gradOut.size(0));
    }

    /**
     * @param n batch size
     * @return the input-gradient view of {@code n} rows; the buffer is allocated on the first call for that batch
     *     size, and again (larger) only if a later backward pass has more rows: a network evaluated on batches of
     *     256 and trained on batches of 64 keeps a 64-row buffer (a small CNN: 38 MB less per network)
     */
    protected INDArray gradIn(long n) {
        if (gradInput == null || gradInput.size(0) < n) {
            if (!ownsInputGradient()) {
                throw new IllegalStateException(name() + " writes its input gradient into the output gradient");
            }
            if (n > maxBatch) {
                throw new IllegalArgumentException(name() + ": batch of " + n + " rows, allocated for at most " + maxBatch);
            }
            INDArray old = gradInput;
            gradInput = Nd4j.create(dataType, Ops.batchShape(n, inShape), 'c');
            if (old != null) { // no view of it outlives a backward pass (oneDNN memory objects are bound per call)
                old.close();
            }
        }
        return Ops.rows(gradInput, n);
    }

    /** Checks the rank of the per-example input shape. */
    protected static void requireRank(String layer, long[] shape, int rank) {
        if (shape.length != rank) {
            throw new IllegalArgumentException(layer + " needs " + (rank == 3 ? "image (h, w, c)" : "vector")
                    + " inputs, got per-example shape " + java.util.Arrays.toString(shape));
        }
    }

    @Override
    public void close() {
        if (output != null) {
            output.close();
        }
        if (gradInput != null) {
            gradInput.close();
        }
    }
}
