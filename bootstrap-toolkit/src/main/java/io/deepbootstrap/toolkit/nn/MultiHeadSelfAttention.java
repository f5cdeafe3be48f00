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
 * <p>Forward and backward run on libnd4j's batched {@code matmul} over contiguous {@code [n, heads, tokens, d]}
 * arrays: after the {@code qkv} projection one permuting copy puts q, k and v head-major (a batched matmul on
 * strided views of the projection took twice as long), and the head outputs and the gradients are copied back
 * the same way. Softmax is libnd4j's; its backward pass ({@code dS = P (dP - rowsum(dP P))}) is a Java loop
 * ({@link Kernels}) that reuses the probabilities, where libnd4j's {@code softmax_bp} recomputed the softmax.
 *
 * <p>Buffers allocated once for the largest batch: head-major q, k, v and their gradients
 * {@code [3, maxBatch, heads, tokens, d]} each, probabilities and a score / score-gradient buffer
 * {@code [maxBatch, heads, tokens, tokens]}, head outputs (and in the backward pass their gradient)
 * {@code [maxBatch, heads, tokens, d]}, the concatenated head outputs and the gradient of {@code [q | k | v]}.
 * The strided views onto them are built once per batch size and reused.
 */
public final class MultiHeadSelfAttention extends CompositeLayer {
    private final int heads;
    private Kernels kernels;
    private Dense qkv;
    private Dense out;
    private long tokens;
    private long dim;
    private long headDim;
    private double scale;
    private INDArray headsQkv;
    private INDArray headsGrad;
    private INDArray probs;
    private INDArray scoreGrads;
    private INDArray headOut;
    private INDArray context;
    private INDArray gradQkv;
    private Views views;

    /** Views for one batch size {@code n} (and the projection output they read). */
    private record Views(long n, INDArray qkvOut, INDArray qkvHeadMajor, INDArray q, INDArray k, INDArray v,
                         INDArray gq, INDArray gk, INDArray gv, INDArray gradQkvHeadMajor, INDArray p, INDArray sg,
                         INDArray o, INDArray contextRows, INDArray contextHeadMajor, INDArray headsQkv,
                         INDArray headsGrad, INDArray gradQkvRows) {
    }

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
        kernels = new Kernels(Math.toIntExact(Math.max(1, Kernels.CHUNK / tokens) * tokens));
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
        headsQkv = Nd4j.create(dataType, new long[] {3, maxBatch, heads, tokens, headDim}, 'c');
        headsGrad = Nd4j.create(dataType, new long[] {3, maxBatch, heads, tokens, headDim}, 'c');
        probs = Nd4j.create(dataType, new long[] {maxBatch, heads, tokens, tokens}, 'c');
        scoreGrads = Nd4j.create(dataType, new long[] {maxBatch, heads, tokens, tokens}, 'c');
        headOut = Nd4j.create(dataType, new long[] {maxBatch, heads, tokens, headDim}, 'c');
        context = Nd4j.create(dataType, new long[] {maxBatch * tokens, dim}, 'c');
        gradQkv = Nd4j.create(dataType, new long[] {maxBatch * tokens, 3 * dim}, 'c');
        views = null;
    }

    /** @return the views for batch size {@code n} reading the projection output {@code qkvOut} */
    private Views views(long n, INDArray qkvOut) {
        if (views != null && views.n() == n && views.qkvOut() == qkvOut) {
            return views;
        }
        INDArray hq = headsQkv.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n));
        INDArray hg = headsGrad.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n));
        INDArray ctx = Ops.rows(context, n * tokens);
        INDArray g3 = Ops.rows(gradQkv, n * tokens);
        views = new Views(n, qkvOut, headMajor(qkvOut, n), part(headsQkv, 0, n), part(headsQkv, 1, n),
                part(headsQkv, 2, n), part(headsGrad, 0, n), part(headsGrad, 1, n), part(headsGrad, 2, n), headMajor(g3, n), Ops.rows(probs, n), Ops.rows(scoreGrads, n),
                Ops.rows(headOut, n), ctx, ctx.reshape('c', n, tokens, heads, headDim).permute(0, 2, 1, 3), hq, hg, g3);
        return views;
    }

    /** @return part {@code j} (0 = q, 1 = k, 2 = v) of a head-major buffer, first {@code n} examples */
    private static INDArray part(INDArray headMajor, int j, long n) {
        return Ops.rows(headMajor.get(NDArrayIndex.point(j)), n);
    }

    /** @return a {@code [n * tokens, 3 dim]} array as {@code [3, n, heads, tokens, d]} (a strided view) */
    private INDArray headMajor(INDArray rows3d, long n) {
        return rows3d.reshape('c', n, tokens, 3, heads, headDim).permute(2, 0, 3, 1, 4);
    }

    private static void matmul(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha) {
        Ops.exec("matmul", new INDArray[] {a, b}, new INDArray[] {c}, new int[] {ta ? 1 : 0, tb ? 1 : 0, 0}, alpha, 0.0);
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        long n = x.size(0);
        Views w = views(n, qkv.forward(x.reshape('c', n * tokens, dim), training));
        w.headsQkv().assign(w.qkvHeadMajor());
        matmul(w.q(), w.k(), w.sg(), false, true, scale);           // S = scale Q K^T (in the score-gradient buffer)
        Ops.exec("softmax", new INDArray[] {w.sg()}, new INDArray[] {w.p()}, new int[] {3});
        matmul(w.p(), w.v(), w.o(), false, false, 1.0);            // O = P V
        w.contextHeadMajor().assign(w.o());
        return out.forward(w.contextRows(), training).reshape('c', n, tokens, dim);
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        long n = gradOut.size(0);
        Views w = views;
        INDArray gctx = out.backward(gradOut.reshape('c', n * tokens, dim), true);
        INDArray go = w.o();                                         // O is not needed any more: its buffer takes dO
        go.assign(gctx.reshape('c', n, tokens, heads, headDim).permute(0, 2, 1, 3));
        matmul(w.p(), go, w.gv(), true, false, 1.0);               // dV = P^T dO
        matmul(go, w.v(), w.sg(), false, true, 1.0);               // dP = dO V^T
        softmaxBackward(w.p(), w.sg());                            // dS, in place of dP
        matmul(w.sg(), w.k(), w.gq(), false, false, scale);        // dQ = scale dS K
        matmul(w.sg(), w.q(), w.gk(), true, false, scale);         // dK = scale dS^T Q
        w.gradQkvHeadMajor().assign(w.headsGrad());
        INDArray gx = qkv.backward(w.gradQkvRows(), inputGradNeeded);
        return gx == null ? null : gx.reshape('c', n, tokens, dim);
    }

    /** Overwrites {@code g} (dP, rows of {@code tokens}) with {@code P (dP - rowsum(dP P))}. */
    private void softmaxBackward(INDArray p, INDArray g) {
        Kernels.requireContiguous(p);
        Kernels.requireContiguous(g);
        int t = Math.toIntExact(tokens);
        int chunk = kernels.chunk();
        double[] pc = kernels.doubles(0);
        double[] gc = kernels.doubles(1);
        long len = p.length();
        for (long s = 0; s < len; s += chunk) {
            int m = (int) Math.min(chunk, len - s);
            kernels.read(p, s, pc, m);
            kernels.read(g, s, gc, m);
            for (int o = 0; o < m; o += t) {
                double dot = 0;
                for (int j = o; j < o + t; j++) {
                    dot += pc[j] * gc[j];
                }
                for (int j = o; j < o + t; j++) {
                    gc[j] = pc[j] * (gc[j] - dot);
                }
            }
            kernels.write(g, s, gc, m);
        }
    }

    @Override
    public void close() {
        super.close();
        for (INDArray a : new INDArray[] {headsQkv, headsGrad, probs, scoreGrads, headOut, context, gradQkv}) {
            if (a != null) {
                a.close();
            }
        }
    }
}
