package io.deepbootstrap.toolkit.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max or average pooling on NHWC inputs. No padding; output size floor((in - k) / stride) + 1.
 *
 * <p>Max pooling with non-overlapping windows (kernel = stride, e.g. 2x2 stride 2) has a Java backward pass
 * ({@link MaxPoolKernel}: a training forward pass records each maximum's position in the window, the backward pass
 * scatters the output gradient there); libnd4j's {@code maxpool2d_bp} took 31 ms where PyTorch takes 3 (it reruns the pooling
 * through oneDNN with freshly allocated buffers, docs/PERFORMANCE.md "Convolutions"). Overlapping max pooling and
 * average pooling use libnd4j's {@code maxpool2d}/{@code avgpool2d} and their backward ops.
 */
public final class Pool2d extends AbstractLayer {
    private final boolean max;
    private final int kernel;
    private final int stride;
    private int[] args;
    private MaxPoolKernel kernelLoops;

    private Pool2d(boolean max, int kernel, int stride) {
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("pool kernel and stride must be >= 1, got " + kernel + ", " + stride);
        }
        this.max = max;
        this.kernel = kernel;
        this.stride = stride;
    }

    /**
     * @param kernel window size
     * @param stride stride
     * @return a max-pooling layer
     */
    public static Pool2d max(int kernel, int stride) {
        return new Pool2d(true, kernel, stride);
    }

    /**
     * @param kernel window size
     * @param stride stride
     * @return an average-pooling layer
     */
    public static Pool2d avg(int kernel, int stride) {
        return new Pool2d(false, kernel, stride);
    }

    @Override
    public String name() {
        return max ? "maxpool2d" : "avgpool2d";
    }

    @Override
    public long[] build(long[] inputShape) {
        requireRank(name(), inputShape, 3);
        inShape = inputShape.clone();
        long oh = (inShape[0] - kernel) / stride + 1;
        long ow = (inShape[1] - kernel) / stride + 1;
        if (inShape[0] < kernel || inShape[1] < kernel) {
            throw new IllegalArgumentException(name() + " window " + kernel + " larger than input " + inShape[0] + "x" + inShape[1]);
        }
        outShape = new long[] {oh, ow, inShape[2]};
        // kH, kW, sH, sW, pH, pW, dH, dW, sameMode, extraParam (avg: 0 = divide by window without padding), dataFormat (1 = NHWC)
        args = new int[] {kernel, kernel, stride, stride, 0, 0, 1, 1, 0, 0, 1};
        return outShape.clone();
    }

    @Override
    public void allocate(int maxBatch, DataType dataType) {
        super.allocate(maxBatch, dataType);
        kernelLoops = max && kernel == stride ? new MaxPoolKernel(kernel, inShape, outShape, maxBatch) : null;
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        input = in;
        INDArray out = out(in);
        Ops.exec(max ? "maxpool2d" : "avgpool2d", new INDArray[] {in}, new INDArray[] {out}, args);
        if (training && kernelLoops != null) {
            kernelLoops.recordArgmax(in, out);
        }
        return out;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        INDArray gi = gradIn(gradOut);
        if (kernelLoops != null) {
            kernelLoops.backward(gradOut, gi);
            return gi;
        }
        Ops.exec(max ? "maxpool2d_bp" : "avgpool2d_bp", new INDArray[] {input, gradOut}, new INDArray[] {gi}, args);
        return gi;
    }
}
