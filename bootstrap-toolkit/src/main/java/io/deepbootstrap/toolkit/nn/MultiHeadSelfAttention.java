package io.deepbootstrap.toolkit.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Multi-head self-attention on token arrays {@code [n, tokens, dim]} (no masking, no dropout):
 * <pre>
 *   [q | k | v] = x Wqkv + bqkv                          (child qkv, a Dense(3 dim) per token)
 *   per head h: P_h = softmax(q_h k_h^T / sqrt(dim/heads)),  o_h = P_h v_h
 *   out = [o_1 .. o_heads] Wo + bo                      (child out, a Dense(dim) per token)
 * </pre>
 * The columns of {@code q}, {@code k}, {@code v} are split into {@code heads} consecutive groups of
 * {@code dim/heads}. Parameters: {@code qkv.weight [dim, 3 dim]}, {@code qkv.bias}, {@code out.weight [dim, dim]},
 * {@code out.bias} (PyTorch's default linear initialisation, as {@link Dense}).
 *
 * <p>Forward and backward run on libnd4j's batched {@code matmul} over {@code [n, heads, tokens, d]} strided
 * views of the {@code qkv} buffer (no permuted copies), and {@code softmax} / {@code softmax_bp} over the
 * last dimension. Buffers allocated once: scores and probabilities {@code [maxBatch, heads, tokens, tokens]}
 * (probabilities reused for the score gradient in the backward pass), the gradient of the probabilities,
 * the concatenated head outputs and the gradient of {@code [q | k | v]}.
 */
public final class MultiHeadSelfAttention extends CompositeLayer {
    private final int heads;
    private Dense qkv;
    private Dense out;
    private long tokens;
    private long dim;
    private long headDim;
    private double scale;
    private INDArray scores;
    private INDArray probs;
    private INDArray gradProbs;
    private INDArray context;
    private INDArray gradQkv;
    private INDArray qkvOut;

    /** @param heads number of heads; must divide the token width */
    public MultiHeadSelfAttention(int heads) {
        if (heads < 1) {
            throw new IllegalArgumentException("attention heads must be >= 1, got " + heads);
        }
        this.heads = heads;
    }

    @Override
    public String name() {
        return "attention";
    }

    @Override
    public long[] build(long[] inputShape) {
        if (inputShape.length != 2) {
            throw new IllegalArgumentException(name() + " needs token inputs (tokens, dim), got per-example shape "
                    + java.util.Arrays.toString(inputShape));
        }
        tokens = inputShape[0];
        dim = inputShape[1];
        if (dim % heads != 0) {
            throw new IllegalArgumentException(name() + ": " + heads + " heads do not divide the width " + dim);
        }
        headDim = dim / heads;
        scale = 1.0 / Math.sqrt(headDim);
        reset();
        qkv = new Dense(Math.toIntExact(3 * dim));
        out = new Dense(Math.toIntExact(dim));
        int rows = Math.toIntExact(tokens);
        add("qkv", qkv, new long[] {dim}, rows);
        add("out", out, new long[] {dim}, rows);
        return inputShape.clone();
    }

    @Override
    public void allocate(int maxBatch, DataType dataType) {
        super.allocate(maxBatch, dataType);
        scores = Nd4j.create(dataType, new long[] {maxBatch, heads, tokens, tokens}, 'c');
        probs = Nd4j.create(dataType, new long[] {maxBatch, heads, tokens, tokens}, 'c');
        gradProbs = Nd4j.create(dataType, new long[] {maxBatch, heads, tokens, tokens}, 'c');
        context = Nd4j.create(dataType, new long[] {maxBatch * tokens, dim}, 'c');
        gradQkv = Nd4j.create(dataType, new long[] {maxBatch * tokens, 3 * dim}, 'c');
    }

    /** @return part {@code j} (0 = q, 1 = k, 2 = v) of a {@code [n * tokens, 3 dim]} array as {@code [n, heads, tokens, d]} */
    private INDArray part(INDArray rows3d, long n, int j) {
        return rows3d.reshape('c', n, tokens, 3, heads, headDim)
                .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all())
                .permute(0, 2, 1, 3);
    }

    /** @return a {@code [n * tokens, dim]} array as {@code [n, heads, tokens, d]} */
    private INDArray headsView(INDArray rows, long n) {
        return rows.reshape('c', n, tokens, heads, headDim).permute(0, 2, 1, 3);
    }

    private static void matmul(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha) {
        Ops.exec("matmul", new INDArray[] {a, b}, new INDArray[] {c}, new int[] {ta ? 1 : 0, tb ? 1 : 0, 0}, alpha, 0.0);
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        long n = x.size(0);
        qkvOut = qkv.forward(x.reshape('c', n * tokens, dim), training);
        INDArray s = Ops.rows(scores, n);
        INDArray p = Ops.rows(probs, n);
        matmul(part(qkvOut, n, 0), part(qkvOut, n, 1), s, false, true, scale);
        Ops.exec("softmax", new INDArray[] {s}, new INDArray[] {p}, new int[] {3});
        INDArray ctx = Ops.rows(context, n * tokens);
        matmul(p, part(qkvOut, n, 2), headsView(ctx, n), false, false, 1.0);
        return out.forward(ctx, training).reshape('c', n, tokens, dim);
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        long n = gradOut.size(0);
        INDArray gctx = headsView(out.backward(gradOut.reshape('c', n * tokens, dim), true), n);
        INDArray s = Ops.rows(scores, n);
        INDArray p = Ops.rows(probs, n);
        INDArray gp = Ops.rows(gradProbs, n);
        INDArray g3 = Ops.rows(gradQkv, n * tokens);
        INDArray q = part(qkvOut, n, 0);
        INDArray k = part(qkvOut, n, 1);
        INDArray v = part(qkvOut, n, 2);
        matmul(p, gctx, part(g3, n, 2), true, false, 1.0);      // dV = P^T dO
        matmul(gctx, v, gp, false, true, 1.0);                  // dP = dO V^T
        INDArray gs = p;                                        // P is no longer needed: reuse it for dS
        Ops.exec("softmax_bp", new INDArray[] {s, gp}, new INDArray[] {gs}, new int[] {3});
        matmul(gs, k, part(g3, n, 0), false, false, scale);     // dQ = scale dS K
        matmul(gs, q, part(g3, n, 1), true, false, scale);      // dK = scale dS^T Q
        INDArray gx = qkv.backward(g3, inputGradNeeded);
        return gx == null ? null : gx.reshape('c', n, tokens, dim);
    }

    @Override
    public void close() {
        super.close();
        for (INDArray a : new INDArray[] {scores, probs, gradProbs, context, gradQkv}) {
            if (a != null) {
                a.close();
            }
        }
    }
}
