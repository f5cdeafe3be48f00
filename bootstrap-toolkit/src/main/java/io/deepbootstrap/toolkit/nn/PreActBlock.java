package io.deepbootstrap.toolkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pre-activation residual basic block (He et al. 2016, "Identity mappings in deep residual networks") on NHWC
 * inputs, as in the PreActResNet of the Deep Bootstrap reference code:
 * <pre>
 *   a   = relu(bn1(x))
 *   out = conv2(relu(bn2(conv1(a)))) + shortcut
 *   shortcut = x                  if stride == 1 and the channel count is unchanged
 *            = conv1x1_stride(a)  otherwise (projection)
 * </pre>
 * {@code conv1} is 3x3 with the block's stride, {@code conv2} 3x3 with stride 1, both "same" padded and
 * without bias (as every convolution followed by batch norm). Children and their parameter names:
 * {@code bn1}, {@code relu1}, {@code conv1}, {@code bn2}, {@code relu2}, {@code conv2} and, for a projection,
 * {@code shortcut}. Batch norm uses batch statistics in training passes and running statistics otherwise
 * (see {@link BatchNorm}).
 *
 * <p>Inference passes on the CPU backend in float32 run fused on oneDNN (four primitive calls, no pass of the
 * block's own: {@code bn1} + ReLU as one batch-norm primitive, {@code conv1} with {@code bn2} and the ReLU
 * as post-ops, {@code conv2} adding to the shortcut; {@code -Dbootstrap.resnet.fused=false} turns that off). Otherwise each
 * batch norm and its ReLU run as one pass ({@link BatchNorm#inference}), the second one in place over
 * {@code conv1}'s output, and the residual is added in place. Training passes (same switch) run each batch norm and its
 * ReLU as one oneDNN primitive and the residual sum inside {@code conv2} (its sum post-op over the shortcut's output
 * or a copy of the input).
 *
 * <p>Buffers: none of its own. The ReLUs work in place on the batch-norm outputs, the residual sum is added
 * in place into {@code conv2}'s output (which is this block's output), and the identity gradient is added
 * into {@code bn1}'s input gradient.
 */
public final class PreActBlock extends CompositeLayer {
    private final int channels;
    private final int stride;
    private final double epsilon;
    private final double momentum;
    private BatchNorm bn1;
    private Relu relu1;
    private Conv2d conv1;
    private BatchNorm bn2;
    private Relu relu2;
    private Conv2d conv2;
    private Conv2d shortcut;

    /**
     * @param channels output channels
     * @param stride stride of the first convolution and of the projection shortcut (1 or 2 in ResNets)
     * @param epsilon batch-norm epsilon
     * @param momentum batch-norm momentum (weight of the batch statistics in the running statistics)
     */
    public PreActBlock(int channels, int stride, double epsilon, double momentum) {
        if (channels < 1 || stride < 1) {
            throw new IllegalArgumentException("pre-act block channels and stride must be >= 1, got " + channels + ", " + stride);
        }
        this.channels = channels;
        this.stride = stride;
        this.epsilon = epsilon;
        this.momentum = momentum;
    }

    /**
     * @param channels output channels
     * @param stride stride
     * @return a block with batch-norm epsilon 1e-5 and momentum 0.1
     */
    public static PreActBlock of(int channels, int stride) {
        return new PreActBlock(channels, stride, 1e-5, 0.1);
    }

    @Override
    public String name() {
        return "preact-block";
    }

    /** For tests: the first convolution (after {@link #build}). */
    Conv2d conv1() {
        return conv1;
    }

    /** @return whether the shortcut is a 1x1 projection (false: identity) */
    public boolean hasProjection() {
        return shortcut != null;
    }

    @Override
    public long[] build(long[] inputShape) {
        AbstractLayer.requireRank(name(), inputShape, 3);
        reset();
        bn1 = new BatchNorm(epsilon, momentum);
        relu1 = new Relu();
        conv1 = new Conv2d(channels, 3, stride, true, false);
        bn2 = new BatchNorm(epsilon, momentum);
        relu2 = new Relu();
        conv2 = new Conv2d(channels, 3, 1, true, false);
        long[] s = add("bn1", bn1, inputShape);
        long[] a = add("relu1", relu1, s);
        s = add("conv1", conv1, a);
        s = add("bn2", bn2, s);
        s = add("relu2", relu2, s);
        long[] out = add("conv2", conv2, s);
        if (stride != 1 || inputShape[2] != channels) {
            shortcut = new Conv2d(channels, 1, stride, true, false);
            add("shortcut", shortcut, a);
        } else {
            shortcut = null;
        }
        return out;
    }

    /**
     * Whether inference passes run fused on oneDNN ({@code fusedPass}) and training passes run each batch norm and
     * its ReLU as one oneDNN primitive; {@code -Dbootstrap.resnet.fused=false} turns both off (layer by layer).
     */
    private static final boolean FUSED = !"false".equalsIgnoreCase(System.getProperty("bootstrap.resnet.fused"));

    private Boolean fusedOverride;
    /** Whether the last training pass ran batch norm + ReLU as one primitive (bn1, bn2): the backward pass must too. */
    private boolean fusedRelu1;
    private boolean fusedRelu2;

    /**
     * For tests: whether inference passes run fused, and training passes run batch norm + ReLU as one primitive,
     * where they can (true, the default) or layer by layer (false).
     *
     * @param fused the choice
     * @return this block
     */
    PreActBlock fusedInference(boolean fused) {
        fusedOverride = fused;
        return this;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (!training && fused() && conv1.fusable(x) && conv2.fusable(x)
                && (shortcut == null || shortcut.fusable(x))) {
            return fusedPass(x);
        }
        INDArray a = bnRelu(bn1, relu1, x, training);
        INDArray h = conv1.forward(a, training);
        PartTimer.mark("f conv2d");
        if (training) {
            h = bnRelu(bn2, relu2, h, true);
        } else {
            // conv1's output is read by nothing else: bn2 + relu2 overwrite it
            h = bn2.inference(h, h, true);
            PartTimer.mark("f batchnorm + relu (1 pass, in place)");
        }
        if (training && fused() && conv2.fusable(h) && (shortcut == null || shortcut.fusable(a))) {
            return residualIntoConv2(x, a, h);
        }
        h = conv2.forward(h, training);
        PartTimer.mark("f conv2d");
        INDArray s = x;
        if (shortcut != null) {
            s = shortcut.forward(a, training);
            PartTimer.mark("f conv2d (shortcut)");
        }
        h.addi(s);
        PartTimer.mark("f residual add");
        return h;
    }

    /** @return whether the fused oneDNN passes are on ({@link #fusedInference}, {@code -Dbootstrap.resnet.fused}) */
    private boolean fused() {
        return fusedOverride != null ? fusedOverride : FUSED;
    }

    /**
     * The end of a training or inference pass with the residual sum inside {@code conv2}: the shortcut convolution writes into
     * {@code conv2}'s output (identity: a copy of the input), then {@code conv2} adds its result to it (oneDNN's sum
     * post-op), instead of a separate pass adding the two (which reads both and writes one activation tensor).
     */
    private INDArray residualIntoConv2(INDArray x, INDArray a, INDArray h) {
        INDArray out = conv2.out(h);
        if (shortcut != null) {
            shortcut.inferenceFused(a, null, null, false, false, out);
            PartTimer.mark("f conv2d (shortcut)");
        } else {
            out.assign(x);
            PartTimer.mark("f residual copy");
        }
        conv2.inferenceFused(h, null, null, false, true, out);
        PartTimer.mark("f conv2d + residual add");
        return out;
    }

    /**
     * The inference pass in four oneDNN calls (three and a copy without a projection) and no pass of its own:
     * {@code bn1} + ReLU as one batch-norm primitive; {@code conv1} with {@code bn2} (folded into a per-channel scale
     * and shift from the current parameters and running statistics, on every call) and the ReLU as post-ops; the
     * shortcut convolution (or a copy of the input) into {@code conv2}'s output; {@code conv2} adding to it (oneDNN's
     * sum post-op).
     */
    private INDArray fusedPass(INDArray x) {
        INDArray a = bn1.inference(x, bn1.out(x), true);
        PartTimer.mark("f batchnorm + relu");
        INDArray[] folded = bn2.fold();
        INDArray h = conv1.inferenceFused(a, folded[0], folded[1], true, false, null);
        PartTimer.mark("f conv2d + batchnorm + relu");
        return residualIntoConv2(x, a, h);
    }

    /**
     * Batch norm then ReLU; in inference passes as one pass ({@link BatchNorm#inference}), in training passes too
     * where oneDNN runs the batch norm ({@link BatchNorm#trainingForwardRelu}; the backward pass then skips the
     * {@link Relu}, see {@link #reluBackward}).
     */
    private INDArray bnRelu(BatchNorm bn, Relu relu, INDArray x, boolean training) {
        if (!training) {
            INDArray a = bn.inference(x, true);
            PartTimer.mark("f batchnorm + relu (1 pass)");
            return a;
        }
        boolean fused = fused() && bn.canFuseRelu(x);
        if (bn == bn1) {
            fusedRelu1 = fused;
        } else {
            fusedRelu2 = fused;
        }
        INDArray a = fused ? bn.trainingForwardRelu(x) : relu.forward(bn.forward(x, true), true);
        PartTimer.mark(fused ? "f batchnorm + relu (oneDNN, 1 pass)" : "f batchnorm + relu (2 passes)");
        return a;
    }

    /** The ReLU's backward pass, or {@code g} itself when the batch norm's primitive applied the ReLU. */
    private static INDArray reluBackward(Relu relu, boolean fused, INDArray g) {
        return fused ? g : relu.backward(g, true);
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        // conv2 and the shortcut convolution read gradOut without changing it, so it is still the
        // gradient of the sum when the shortcut's part is added
        INDArray g = conv2.backward(gradOut, true);
        PartTimer.mark("b conv2d");
        g = bn2.backward(reluBackward(relu2, fusedRelu2, g), true);
        PartTimer.mark("b relu + batchnorm");
        INDArray ga = conv1.backward(g, true);
        PartTimer.mark("b conv2d");
        if (shortcut != null) {
            ga.addi(shortcut.backward(gradOut, true));
            PartTimer.mark("b conv2d (shortcut) + add");
        }
        INDArray gx = bn1.backward(reluBackward(relu1, fusedRelu1, ga), true);
        PartTimer.mark("b relu + batchnorm");
        if (shortcut == null) {
            gx.addi(gradOut);
            PartTimer.mark("b residual add");
        }
        return gx;
    }
}
