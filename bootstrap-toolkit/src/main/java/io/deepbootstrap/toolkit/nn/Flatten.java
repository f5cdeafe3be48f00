package io.deepbootstrap.toolkit.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reshapes {@code [n, h, w, c]} to {@code [n, h*w*c]} (NHWC order) without copying. */
public final class Flatten implements Layer {
    private long[] inShape;
    private long size;

    @Override
    public String name() {
        return "flatten";
    }

    @Override
    public long[] build(long[] inputShape) {
        inShape = inputShape.clone();
        size = Ops.size(inputShape);
        return new long[] {size};
    }

    @Override
    public void allocate(int maxBatch, DataType dataType) {
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        return in.reshape('c', in.size(0), size);
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        return gradOut.reshape('c', Ops.batchShape(gradOut.size(0), inShape));
    }
}
