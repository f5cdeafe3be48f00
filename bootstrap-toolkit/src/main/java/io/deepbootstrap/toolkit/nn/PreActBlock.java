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
 * <p>In inference passes each batch norm and its ReLU run as one pass ({@link BatchNorm#inference}), the second
 * one in place over {@code conv1}'s output.
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

    @Override
    public INDArray forward(INDArray x, boolean training) {
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

    /** Batch norm then ReLU; in inference passes as one pass ({@link BatchNorm#inference}). */
    private static INDArray bnRelu(BatchNorm bn, Relu relu, INDArray x, boolean training) {
        INDArray a = training ? relu.forward(bn.forward(x, true), true) : bn.inference(x, true);
        PartTimer.mark(training ? "f batchnorm + relu (2 passes)" : "f batchnorm + relu (1 pass)");
        return a;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        // conv2 and the shortcut convolution read gradOut without changing it, so it is still the
        // gradient of the sum when the shortcut's part is added
        INDArray g = conv2.backward(gradOut, true);
        PartTimer.mark("b conv2d");
        g = bn2.backward(relu2.backward(g, true), true);
        PartTimer.mark("b relu + batchnorm");
        INDArray ga = conv1.backward(g, true);
        PartTimer.mark("b conv2d");
        if (shortcut != null) {
            ga.addi(shortcut.backward(gradOut, true));
            PartTimer.mark("b conv2d (shortcut) + add");
        }
        INDArray gx = bn1.backward(relu1.backward(ga, true), true);
        PartTimer.mark("b relu + batchnorm");
        if (shortcut == null) {
            gx.addi(gradOut);
            PartTimer.mark("b residual add");
        }
        return gx;
    }
}
