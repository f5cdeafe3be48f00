package io.deepbootstrap.toolkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Takes the maximum of {@code [n, h, w, c]} over height and width, giving {@code [n, c]} (PyTorch's
 * {@code AdaptiveMaxPool2d(1)} followed by a flatten). Runs libnd4j's {@code maxpool2d} with one
 * {@code h x w} window and its {@code maxpool2d_bp}, which routes each output gradient to the position of the
 * maximum.
 */
public final class GlobalMaxPool extends AbstractLayer {
    private int[] args;

    @Override
    public String name() {
        return "global-max-pool";
    }

    @Override
    public long[] build(long[] inputShape) {
        requireRank(name(), inputShape, 3);
        inShape = inputShape.clone();
        outShape = new long[] {inShape[2]};
        // kH, kW, sH, sW, pH, pW, dH, dW, sameMode, extraParam, dataFormat (1 = NHWC)
        args = new int[] {(int) inShape[0], (int) inShape[1], 1, 1, 0, 0, 1, 1, 0, 0, 1};
        return outShape.clone();
    }

    private INDArray asImage(INDArray vectors) {
        return vectors.reshape('c', vectors.size(0), 1, 1, inShape[2]);
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        input = in;
        INDArray out = out(in);
        Ops.exec("maxpool2d", new INDArray[] {in}, new INDArray[] {asImage(out)}, args);
        return out;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        INDArray gi = gradIn(gradOut);
        Ops.exec("maxpool2d_bp", new INDArray[] {input, asImage(gradOut)}, new INDArray[] {gi}, args);
        return gi;
    }
}
