package io.deepbootstrap.toolkit.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 2-D convolution on NHWC inputs via libnd4j's {@code conv2d} / {@code conv2d_bp} (oneDNN kernels in the
 * oneDNN build). Square kernel, dilation 1, "same" padding (output size ceil(in / stride)) or "valid".
 * Parameters: {@code weight [k, k, inChannels, outChannels]} (uniform ±1/sqrt(k*k*in)) and
 * {@code bias [outChannels]} (zeros) unless built without bias.
 */
public final class Conv2d extends AbstractLayer {
    private final int channels;
    private final int kernel;
    private final int stride;
    private final boolean same;
    private final boolean withBias;
    private Param weight;
    private Param bias;
    private int[] args;

    /**
     * @param channels output channels
     * @param kernel kernel height and width
     * @param stride stride in both directions
     * @param samePadding true for "same" padding, false for "valid" (no padding)
     * @param withBias whether the layer has a bias (false before batch norm)
     */
    public Conv2d(int channels, int kernel, int stride, boolean samePadding, boolean withBias) {
        if (channels < 1 || kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("conv2d channels, kernel and stride must be >= 1, got "
                    + channels + ", " + kernel + ", " + stride);
        }
        this.channels = channels;
        this.kernel = kernel;
        this.stride = stride;
        this.same = samePadding;
        this.withBias = withBias;
    }

    /**
     * @param channels output channels
     * @param kernel kernel size
     * @return a stride-1, same-padded convolution with bias
     */
    public static Conv2d same(int channels, int kernel) {
        return new Conv2d(channels, kernel, 1, true, true);
    }

    @Override
    public String name() {
        return "conv2d";
    }

    @Override
    public long[] build(long[] inputShape) {
        requireRank("conv2d", inputShape, 3);
        inShape = inputShape.clone();
        long h = inShape[0];
        long w = inShape[1];
        long oh = same ? (h + stride - 1) / stride : (h - kernel) / stride + 1;
        long ow = same ? (w + stride - 1) / stride : (w - kernel) / stride + 1;
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("conv2d kernel " + kernel + " does not fit input " + h + "x" + w);
        }
        outShape = new long[] {oh, ow, channels};
        long fanIn = (long) kernel * kernel * inShape[2];
        weight = new Param("weight", new long[] {kernel, kernel, inShape[2], channels}, Param.Init.fanInUniform(fanIn));
        bias = withBias ? new Param("bias", new long[] {channels}, Param.Init.zeros()) : null;
        // kH, kW, sH, sW, pH, pW, dH, dW, paddingMode (1 = same), dataFormat (1 = NHWC), weightsFormat (0 = [kH,kW,iC,oC])
        args = new int[] {kernel, kernel, stride, stride, 0, 0, 1, 1, same ? 1 : 0, 1, 0};
        return outShape.clone();
    }

    @Override
    public List<Param> params() {
        return withBias ? List.of(weight, bias) : List.of(weight);
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        input = in;
        INDArray out = out(in);
        INDArray[] inputs = withBias ? new INDArray[] {in, weight.value(), bias.value()} : new INDArray[] {in, weight.value()};
        Ops.exec("conv2d", inputs, new INDArray[] {out}, args);
        return out;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        INDArray gi = gradIn(gradOut);
        if (withBias) {
            Ops.exec("conv2d_bp", new INDArray[] {input, weight.value(), bias.value(), gradOut},
                    new INDArray[] {gi, weight.grad(), bias.grad()}, args);
        } else {
            Ops.exec("conv2d_bp", new INDArray[] {input, weight.value(), gradOut},
                    new INDArray[] {gi, weight.grad()}, args);
        }
        return gi;
    }
}
