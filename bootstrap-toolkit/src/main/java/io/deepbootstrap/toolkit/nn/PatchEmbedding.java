package io.deepbootstrap.toolkit.nn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Vision-transformer patch embedding: NHWC images {@code [n, h, w, c]} are cut into non-overlapping
 * {@code p x p} patches, each linearly projected to {@code dim} features (a {@code p x p}, stride-{@code p}
 * convolution: parameters {@code proj.weight [p, p, c, dim]}, {@code proj.bias [dim]}), and a learned position
 * embedding {@code position [tokens, dim]} (normal, standard deviation 0.02) is added. Output: tokens
 * {@code [n, (h/p)*(w/p), dim]}, patches in row-major order. The patch size must divide the image height and width.
 *
 * <p>The patches are gathered into a patch matrix {@code [n * tokens, p * p * c]} by a Java loop (each patch row
 * of {@code p * c} values is contiguous in NHWC) and projected by one gemm, which adds the product to the bias plus
 * position embedding written into the output beforehand ({@code beta = 1}: no separate bias pass). (As a {@link Conv2d} child the gather was libnd4j's
 * assign of a rank-6 permuted view, 3-4 ms of the 5 ms the layer took at batch 128.) Buffers: the patch
 * matrix (reused for its gradient), the output and the input gradient.
 */
public final class PatchEmbedding extends CompositeLayer {
    private final int patch;
    private final int dim;
    private Param position;
    private Param weight;
    private Param bias;
    private int height;
    private int width;
    private int channels;
    private int tokens;
    private Kernels kernels;
    private INDArray patches;
    private INDArray output;
    private INDArray gradInput;
    private double[] positionBias;
    private double[] biasValues;
    private ChannelAffine rowFill;

    /**
     * @param patch patch height and width
     * @param dim embedding width
     */
    public PatchEmbedding(int patch, int dim) {
        if (patch < 1 || dim < 1) {
            throw new IllegalArgumentException("patch embedding patch size and dim must be >= 1, got " + patch + ", " + dim);
        }
        this.patch = patch;
        this.dim = dim;
    }

    @Override
    public String name() {
        return "patch-embedding";
    }

    @Override
    public long[] build(long[] inputShape) {
        AbstractLayer.requireRank(name(), inputShape, 3);
        if (inputShape[0] % patch != 0 || inputShape[1] % patch != 0) {
            throw new IllegalArgumentException("patch size " + patch + " does not divide the image size "
                    + inputShape[0] + "x" + inputShape[1]);
        }
        reset();
        height = Math.toIntExact(inputShape[0]);
        width = Math.toIntExact(inputShape[1]);
        channels = Math.toIntExact(inputShape[2]);
        tokens = (height / patch) * (width / patch);
        kernels = new Kernels(height * width * channels);
        position = own(new Param("position", new long[] {tokens, dim}, (v, r) -> {
            for (int i = 0; i < v.length; i++) {
                v[i] = 0.02 * r.nextGaussian();
            }
        }));
        long fanIn = (long) patch * patch * channels;
        weight = own(new Param("proj.weight", new long[] {patch, patch, channels, dim}, Param.Init.fanInUniform(fanIn)));
        bias = own(new Param("proj.bias", new long[] {dim}, Param.Init.zeros()));
        return new long[] {tokens, dim};
    }

    @Override
    public void allocate(int maxBatch, DataType dataType) {
        super.allocate(maxBatch, dataType);
        patches = Nd4j.create(dataType, new long[] {(long) maxBatch * tokens, (long) patch * patch * channels}, 'c');
        output = Nd4j.create(dataType, new long[] {maxBatch, tokens, dim}, 'c');
        gradInput = Nd4j.create(dataType, new long[] {maxBatch, height, width, channels}, 'c');
        positionBias = new double[tokens * dim];
        biasValues = new double[dim];
        rowFill = new ChannelAffine(tokens * dim);
    }

    private INDArray weightMatrix(INDArray w) {
        return w.reshape('c', (long) patch * patch * channels, dim);
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Kernels.requireContiguous(x);
        int n = Math.toIntExact(x.size(0));
        INDArray p = Ops.rows(patches, (long) n * tokens);
        permute(x, p, n, true);
        INDArray y = Ops.rows(output, n);
        // position + bias written into every example's output rows, then the gemm adds the projection (beta = 1)
        int td = tokens * dim;
        Ops.get(position.value(), positionBias, td);
        Ops.get(bias.value(), biasValues, dim);
        for (int i = 0; i < td; i++) {
            positionBias[i] += biasValues[i % dim];
        }
        rowFill.set(null, positionBias);
        rowFill.apply(null, y, false);
        Blas.gemm(p, weightMatrix(weight.value()), y.reshape('c', (long) n * tokens, dim), false, false, 1.0, 1.0);
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        int n = Math.toIntExact(gradOut.size(0));
        INDArray g = gradOut.reshape('c', (long) n * tokens, dim);
        INDArray p = Ops.rows(patches, (long) n * tokens);
        Blas.gemm(p, g, weightMatrix(weight.grad()), true, false, 1.0, 0.0);
        Blas.gemm(Scratch.ones(g.dataType(), g.size(0)), g, bias.grad().reshape('c', 1, dim), false, false, 1.0, 0.0);
        Blas.gemm(Scratch.ones(g.dataType(), n), gradOut.reshape('c', n, (long) tokens * dim),
                position.grad().reshape('c', 1, (long) tokens * dim), false, false, 1.0, 0.0);
        if (!inputGradNeeded) {
            return null;
        }
        Blas.gemm(g, weightMatrix(weight.value()), p, false, true, 1.0, 0.0);   // patch-matrix gradient, over the patches
        INDArray gi = Ops.rows(gradInput, n);
        permute(gi, p, n, false);
        return gi;
    }

    /**
     * Copies images {@code [n, h, w, c]} into the patch matrix ({@code toPatches}) or the patch matrix back into
     * images, one example at a time through Java arrays (float arrays for FLOAT data), examples split by
     * {@link Parallel}.
     */
    private void permute(INDArray images, INDArray rows, int n, boolean toPatches) {
        int size = height * width * channels;
        boolean floats = images.dataType() == DataType.FLOAT && rows.dataType() == DataType.FLOAT;
        FloatBuffer ib = floats ? Kernels.floatBuffer(images) : null;
        FloatBuffer rb = floats ? Kernels.floatBuffer(rows) : null;
        Parallel.run(n, 8, (from, to, part) -> {
            Kernels k = kernels.part(part);
            for (int e = from; e < to; e++) {
                long start = (long) e * size;
                if (floats) {
                    float[] img = k.floats(0);
                    float[] pat = k.floats(1);
                    Kernels.read(toPatches ? ib.duplicate() : rb.duplicate(), toPatches ? images : rows, start, toPatches ? img : pat, size);
                    shuffle(img, pat, toPatches);
                    Kernels.write(toPatches ? rb.duplicate() : ib.duplicate(), toPatches ? rows : images, start, toPatches ? pat : img, size);
                } else {
                    double[] img = k.doubles(0);
                    double[] pat = k.doubles(1);
                    k.read(toPatches ? images : rows, start, toPatches ? img : pat, size);
                    shuffle(img, pat, toPatches);
                    k.write(toPatches ? rows : images, start, toPatches ? pat : img, size);
                }
            }
        });
    }

    /** Moves one example between image layout {@code img} and patch-matrix layout {@code pat} (float or double arrays). */
    private void shuffle(Object img, Object pat, boolean toPatches) {
        int run = patch * channels;
        int gw = width / patch;
        int q = 0;
        for (int t = 0; t < tokens; t++) {
            int top = (t / gw) * patch;
            int left = (t % gw) * patch;
            for (int i = 0; i < patch; i++) {
                int src = ((top + i) * width + left) * channels;
                if (toPatches) {
                    System.arraycopy(img, src, pat, q, run);
                } else {
                    System.arraycopy(pat, q, img, src, run);
                }
                q += run;
            }
        }
    }

    @Override
    public void close() {
        super.close();
        for (INDArray a : new INDArray[] {patches, output, gradInput}) {
            if (a != null) {
                a.close();
            }
        }
    }
}
