package io.deepbootstrap.toolkit.nn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
 * <p>The per-(example, head) products run as one BLAS gemm each ({@link Blas#gemmBatch}) directly on the
 * head's columns of the projection output {@code [n * tokens, 3 dim]} (leading dimension {@code 3 dim}), and
 * write the head outputs straight into their columns of the output projection's input {@code [n * tokens, dim]};
 * the backward pass reads the head output gradients from the projection's input gradient the same way and writes
 * dq, dk, dv into their columns of the {@code qkv} output gradient. So no head-major copy is made in either
 * direction (copying q, k, v head-major for libnd4j's batched {@code matmul} cost as much as the products).
 * Softmax is libnd4j's; its backward pass ({@code dS = P (dP - rowsum(dP P))}) is a Java loop ({@link Kernels})
 * that reuses the probabilities, where libnd4j's {@code softmax_bp} recomputed the softmax.
 *
 * <p>Buffers allocated once for the largest batch: probabilities and a score / score-gradient buffer
 * {@code [maxBatch, heads, tokens, tokens]}, the concatenated head outputs {@code [maxBatch * tokens, dim]} and
 * the gradient of {@code [q | k | v]} {@code [maxBatch * tokens, 3 dim]}.
 */
public final class MultiHeadSelfAttention extends CompositeLayer {
    private final int heads;
    private Kernels kernels;
    private Dense qkv;
    private Dense out;
    private int tokens;
    private int dim;
    private int headDim;
    private double scale;
    private INDArray probs;
    private INDArray scores;
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
        tokens = Math.toIntExact(inputShape[0]);
        dim = Math.toIntExact(inputShape[1]);
        if (dim % heads != 0) {
            throw new IllegalArgumentException(name() + ": " + heads + " heads do not divide the width " + dim);
        }
        headDim = dim / heads;
        scale = 1.0 / Math.sqrt(headDim);
        kernels = new Kernels(Math.max(1, Kernels.CHUNK / tokens) * tokens);
        reset();
        qkv = new Dense(3 * dim);
        out = new Dense(dim);
        add("qkv", qkv, new long[] {dim}, tokens);
        add("out", out, new long[] {dim}, tokens);
        return inputShape.clone();
    }

    @Override
    public void allocate(int maxBatch, DataType dataType) {
        super.allocate(maxBatch, dataType);
        probs = Nd4j.create(dataType, new long[] {maxBatch, heads, tokens, tokens}, 'c');
        scores = Nd4j.create(dataType, new long[] {maxBatch, heads, tokens, tokens}, 'c');
        context = Nd4j.create(dataType, new long[] {(long) maxBatch * tokens, dim}, 'c');
        gradQkv = Nd4j.create(dataType, new long[] {(long) maxBatch * tokens, 3L * dim}, 'c');
    }

    /** @return head {@code h}'s q ({@code part} 0), k (1) or v (2) columns of a {@code [n * tokens, 3 dim]} array */
    private Blas.Strided qkvPart(INDArray rows3d, int part) {
        return new Blas.Strided(rows3d, (long) part * dim, (long) tokens * 3 * dim, headDim, 3 * dim);
    }

    /** @return head {@code h}'s columns of a {@code [n * tokens, dim]} array */
    private Blas.Strided headColumns(INDArray rows) {
        return new Blas.Strided(rows, 0, (long) tokens * dim, headDim, dim);
    }

    /** @return the {@code [tokens, tokens]} matrices of a {@code [n, heads, tokens, tokens]} array */
    private Blas.Strided square(INDArray a) {
        return new Blas.Strided(a, 0, (long) heads * tokens * tokens, (long) tokens * tokens, tokens);
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        return forwardAdding(x, null, training);
    }

    /**
     * The forward pass plus an addend (a transformer block's residual), added with the output projection's bias in
     * one pass ({@link Dense#forwardAdding}).
     *
     * @param x {@code [n, tokens, dim]}
     * @param addend {@code [n, tokens, dim]}, C-order contiguous, or {@code null}
     * @param training whether this is a training pass
     * @return {@code attention(x) + addend}, {@code [n, tokens, dim]}
     */
    public INDArray forwardAdding(INDArray x, INDArray addend, boolean training) {
        int n = Math.toIntExact(x.size(0));
        INDArray y3 = qkv.forward(x.reshape('c', (long) n * tokens, dim), training);
        Kernels.requireContiguous(y3);
        qkvOut = y3;
        PartTimer.mark("f qkv projection (gemm + bias)");
        INDArray s = Ops.rows(scores, n);
        INDArray p = Ops.rows(probs, n);
        INDArray ctx = Ops.rows(context, (long) n * tokens);
        // S = scale Q K^T, P = softmax(S), O = P V into the head's columns of the context rows
        Blas.gemmBatch(n, heads, tokens, tokens, headDim, qkvPart(y3, 0), false, qkvPart(y3, 1), true, square(s), scale, 0.0);
        PartTimer.mark("f QK^T");
        Ops.exec("softmax", new INDArray[] {s}, new INDArray[] {p}, new int[] {3});
        PartTimer.mark("f softmax");
        Blas.gemmBatch(n, heads, tokens, headDim, tokens, square(p), false, qkvPart(y3, 2), false, headColumns(ctx), 1.0, 0.0);
        PartTimer.mark("f AV");
        INDArray y = out.forwardAdding(ctx, addend == null ? null : addend.reshape('c', (long) n * tokens, dim))
                .reshape('c', n, tokens, dim);
        PartTimer.mark(addend == null ? "f output projection (gemm + bias)" : "f output projection (gemm + bias + residual)");
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        int n = Math.toIntExact(gradOut.size(0));
        PartTimer.mark("b (before attention)");
        INDArray gctx = out.backward(gradOut.reshape('c', (long) n * tokens, dim), true);
        Kernels.requireContiguous(gctx);
        PartTimer.mark("b output projection (3 gemms)");
        INDArray p = Ops.rows(probs, n);
        INDArray sg = Ops.rows(scores, n);
        INDArray g3 = Ops.rows(gradQkv, (long) n * tokens);
        INDArray y3 = qkvOut;
        Blas.gemmBatch(n, heads, tokens, headDim, tokens, square(p), true, headColumns(gctx), false, qkvPart(g3, 2), 1.0, 0.0);
        Blas.gemmBatch(n, heads, tokens, tokens, headDim, headColumns(gctx), false, qkvPart(y3, 2), true, square(sg), 1.0, 0.0);
        PartTimer.mark("b AV (dV = P^T dO, dP = dO V^T)");
        softmaxBackward(p, sg);                                    // dS, in place of dP
        PartTimer.mark("b softmax");
        Blas.gemmBatch(n, heads, tokens, headDim, tokens, square(sg), false, qkvPart(y3, 1), false, qkvPart(g3, 0), scale, 0.0);
        Blas.gemmBatch(n, heads, tokens, headDim, tokens, square(sg), true, qkvPart(y3, 0), false, qkvPart(g3, 1), scale, 0.0);
        PartTimer.mark("b QK^T (dQ = s dS K, dK = s dS^T Q)");
        INDArray gx = qkv.backward(g3, inputGradNeeded);
        PartTimer.mark("b qkv projection (3 gemms)");
        return gx == null ? null : gx.reshape('c', n, tokens, dim);
    }

    /**
     * Overwrites {@code g} (dP, rows of {@code tokens}) with {@code P (dP - rowsum(dP P))}: in float for FLOAT
     * arrays (converting every value to double and back took 70% longer), in double otherwise.
     */
    private void softmaxBackward(INDArray p, INDArray g) {
        Kernels.requireContiguous(p);
        Kernels.requireContiguous(g);
        int t = tokens;
        int chunk = kernels.chunk();
        long len = p.length();
        if (p.dataType() == DataType.FLOAT) {
            FloatBuffer pb = Kernels.floatBuffer(p);
            FloatBuffer gb = Kernels.floatBuffer(g);
            Parallel.run(Math.toIntExact((len + chunk - 1) / chunk), 4, (from, to, part) -> {
                float[] pc = kernels.part(part).floats(0);
                float[] gc = kernels.part(part).floats(1);
                for (long s = (long) from * chunk; s < Math.min(len, (long) to * chunk); s += chunk) {
                    int m = (int) Math.min(chunk, len - s);
                    Kernels.read(pb.duplicate(), p, s, pc, m);
                    Kernels.read(gb.duplicate(), g, s, gc, m);
                    for (int o = 0; o < m; o += t) {
                        float dot = Kernels.dot(pc, gc, o, t);
                        for (int j = o; j < o + t; j++) {
                            gc[j] = pc[j] * (gc[j] - dot);
                        }
                    }
                    Kernels.write(gb.duplicate(), g, s, gc, m);
                }
            });
            return;
        }
        double[] pc = kernels.doubles(0);
        double[] gc = kernels.doubles(1);
        for (long s = 0; s < len; s += chunk) {
            int m = (int) Math.min(chunk, len - s);
            kernels.read(p, s, pc, m);
            kernels.read(g, s, gc, m);
            for (int o = 0; o < m; o += t) {
                double dot = Kernels.dot(pc, gc, o, t);
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
        for (INDArray a : new INDArray[] {probs, scores, context, gradQkv}) {
            if (a != null) {
                a.close();
            }
        }
    }
}
