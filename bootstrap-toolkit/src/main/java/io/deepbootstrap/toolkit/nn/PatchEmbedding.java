package io.deepbootstrap.toolkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Vision-transformer patch embedding: NHWC images {@code [n, h, w, c]} are cut into non-overlapping
 * {@code p x p} patches, each linearly projected to {@code dim} features (a {@code p x p}, stride-{@code p}
 * convolution, child {@code proj}), and a learned position embedding {@code position [tokens, dim]} (normal,
 * standard deviation 0.02) is added. Output: tokens {@code [n, (h/p)*(w/p), dim]}, patches in row-major
 * order. The patch size must divide the image height and width.
 */
public final class PatchEmbedding extends CompositeLayer {
    private final int patch;
    private final int dim;
    private Conv2d proj;
    private Param position;
    private long tokens;
    private long gridH;
    private long gridW;

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
        gridH = inputShape[0] / patch;
        gridW = inputShape[1] / patch;
        tokens = gridH * gridW;
        position = own(new Param("position", new long[] {tokens, dim}, (v, r) -> {
            for (int i = 0; i < v.length; i++) {
                v[i] = 0.02 * r.nextGaussian();
            }
        }));
        proj = new Conv2d(dim, patch, patch, false, true);
        add("proj", proj, inputShape);
        return new long[] {tokens, dim};
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        long n = x.size(0);
        INDArray y = proj.forward(x, training);
        INDArray flat = y.reshape('c', n, tokens * dim);
        flat.addiRowVector(position.value().reshape('c', 1, tokens * dim));
        return y.reshape('c', n, tokens, dim);
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        long n = gradOut.size(0);
        gradOut.sum(position.grad(), 0);
        return proj.backward(gradOut.reshape('c', n, gridH, gridW, dim), inputGradNeeded);
    }
}
