package io.deepbootstrap.models.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ReLU, computed in place: the forward pass overwrites its input with the output and the backward pass
 * overwrites the output gradient with the input gradient, so it costs no buffers. Safe after every layer
 * of this toolkit (none needs its own output in its backward pass); a custom layer whose backward pass
 * reads its own output must not be followed by {@code Relu}.
 */
public final class Relu implements Layer {
    private long[] shape;
    private INDArray activations;

    @Override
    public String name() {
        return "relu";
    }

    @Override
    public long[] build(long[] inputShape) {
        shape = inputShape.clone();
        return shape.clone();
    }

    @Override
    public void allocate(int maxBatch, DataType dataType) {
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        Ops.exec("relu", new INDArray[] {in}, new INDArray[] {in}, null, 0.0);
        activations = in;
        return in;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        // relu'(x) is 1 where the output is > 0, so the output works as relu_bp's input
        Ops.exec("relu_bp", new INDArray[] {activations, gradOut}, new INDArray[] {gradOut}, null, 0.0);
        return gradOut;
    }
}
