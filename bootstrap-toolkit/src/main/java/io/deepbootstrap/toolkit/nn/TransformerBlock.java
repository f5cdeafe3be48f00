package io.deepbootstrap.toolkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pre-LN transformer encoder block on token arrays {@code [n, tokens, dim]}:
 * <pre>
 *   m   = x + attention(ln1(x))
 *   out = m + fc2(gelu(fc1(ln2(m))))
 * </pre>
 * Children (and parameter-name prefixes): {@code ln1} ({@link LayerNorm}), {@code attention}
 * ({@link MultiHeadSelfAttention}), {@code ln2}, {@code fc1} ({@link Dense}, {@code mlpDim} wide),
 * {@code gelu} ({@link Gelu}), {@code fc2} ({@link Dense} back to {@code dim}). The per-token children run on
 * {@code [n * tokens, dim]} views.
 *
 * <p>Buffers: none of its own. The residual sums are written with the biases into the outputs of the attention's
 * output projection and of {@code fc2} before their gemms add the products ({@link Dense#forwardAdding}); the
 * block's output is {@code fc2}'s output buffer.
 */
public final class TransformerBlock extends CompositeLayer {
    private final int heads;
    private final int mlpDim;
    private LayerNorm ln1;
    private MultiHeadSelfAttention attention;
    private LayerNorm ln2;
    private Dense fc1;
    private Gelu gelu;
    private Dense fc2;
    private long tokens;
    private long dim;

    /**
     * @param heads attention heads (must divide the token width)
     * @param mlpDim hidden width of the MLP
     */
    public TransformerBlock(int heads, int mlpDim) {
        if (heads < 1 || mlpDim < 1) {
            throw new IllegalArgumentException("transformer block heads and mlpDim must be >= 1, got " + heads + ", " + mlpDim);
        }
        this.heads = heads;
        this.mlpDim = mlpDim;
    }

    @Override
    public String name() {
        return "transformer-block";
    }

    @Override
    public long[] build(long[] inputShape) {
        if (inputShape.length != 2) {
            throw new IllegalArgumentException(name() + " needs token inputs (tokens, dim), got per-example shape "
                    + java.util.Arrays.toString(inputShape));
        }
        reset();
        tokens = inputShape[0];
        dim = inputShape[1];
        int rows = Math.toIntExact(tokens);
        long[] vec = {dim};
        ln1 = new LayerNorm();
        attention = new MultiHeadSelfAttention(heads);
        ln2 = new LayerNorm();
        fc1 = new Dense(mlpDim);
        gelu = new Gelu();
        fc2 = new Dense(Math.toIntExact(dim));
        add("ln1", ln1, vec, rows);
        add("attention", attention, inputShape);
        add("ln2", ln2, vec, rows);
        long[] h = add("fc1", fc1, vec, rows);
        add("gelu", gelu, h, rows);
        add("fc2", fc2, h, rows);
        return inputShape.clone();
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        long n = x.size(0);
        long rows = n * tokens;
        PartTimer.mark("f (before block)");
        INDArray a = ln1.forward(x.reshape('c', rows, dim), training);
        PartTimer.mark("f layer norm");
        INDArray m = attention.forwardAdding(a.reshape('c', n, tokens, dim), x, training);
        INDArray h = ln2.forward(m.reshape('c', rows, dim), training);
        PartTimer.mark("f layer norm");
        h = fc1.forward(h, training);
        PartTimer.mark("f fc1 (gemm + bias)");
        h = gelu.forward(h, training);
        PartTimer.mark("f gelu");
        INDArray f = fc2.forwardAdding(h, m.reshape('c', rows, dim));
        PartTimer.mark("f fc2 (gemm + bias + residual)");
        return f.reshape('c', n, tokens, dim);
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        long n = gradOut.size(0);
        long rows = n * tokens;
        INDArray g = gradOut.reshape('c', rows, dim);
        // Dense, LayerNorm and the attention read their output gradients without changing them
        PartTimer.mark("b (before block)");
        INDArray gh = fc2.backward(g, true);
        PartTimer.mark("b fc2 (3 gemms)");
        gh = gelu.backward(gh, true);
        PartTimer.mark("b gelu");
        gh = fc1.backward(gh, true);
        PartTimer.mark("b fc1 (3 gemms)");
        INDArray gm = ln2.backward(gh, true);
        PartTimer.mark("b layer norm");
        gm.addi(g);
        PartTimer.mark("b residual add");
        INDArray ga = attention.backward(gm.reshape('c', n, tokens, dim), true);
        INDArray gx = ln1.backward(ga.reshape('c', rows, dim), true);
        PartTimer.mark("b layer norm");
        gx.addi(gm);
        PartTimer.mark("b residual add");
        return gx.reshape('c', n, tokens, dim);
    }
}
