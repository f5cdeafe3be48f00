package io.deepbootstrap.toolkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Applies a vector layer to every token of {@code [n, tokens, d]} arrays, e.g. the final {@link LayerNorm} of a
 * vision transformer: the inner layer (child {@code inner}) runs on the {@code [n * tokens, d]} view.
 */
public final class TokenWise extends CompositeLayer {
    private final Layer inner;
    private long tokens;
    private long[] innerIn;
    private long[] innerOut;

    /** @param inner a fresh vector layer (its per-example input shape is {@code {d}}) */
    public TokenWise(Layer inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return "tokenwise";
    }

    @Override
    public long[] build(long[] inputShape) {
        if (inputShape.length < 2) {
            throw new IllegalArgumentException(name() + " needs token inputs (tokens, ...), got per-example shape "
                    + java.util.Arrays.toString(inputShape));
        }
        reset();
        tokens = inputShape[0];
        innerIn = java.util.Arrays.copyOfRange(inputShape, 1, inputShape.length);
        innerOut = add("inner", inner, innerIn, Math.toIntExact(tokens));
        long[] out = new long[innerOut.length + 1];
        out[0] = tokens;
        System.arraycopy(innerOut, 0, out, 1, innerOut.length);
        return out;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        long n = x.size(0);
        INDArray y = inner.forward(x.reshape('c', Ops.batchShape(n * tokens, innerIn)), training);
        return y.reshape('c', Ops.batchShape(n, Ops.batchShape(tokens, innerOut)));
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        long n = gradOut.size(0);
        INDArray g = inner.backward(gradOut.reshape('c', Ops.batchShape(n * tokens, innerOut)), inputGradNeeded);
        return g == null ? null : g.reshape('c', Ops.batchShape(n, Ops.batchShape(tokens, innerIn)));
    }
}
