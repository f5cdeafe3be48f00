package io.deepbootstrap.toolkit.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ReLU, computed in place: the forward pass overwrites its input with the output and the backward pass
 * overwrites the output gradient with the input gradient, so it costs no buffers (the backward pass also
 * overwrites the layer's output with the 0/1 derivative mask: call it once per forward pass). Safe after every layer
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
        // relu'(x) = 1 where the output is > 0. The output is no longer needed once this layer's backward
        // runs (the layers after it have already run theirs), so it is turned into the 0/1 mask in place;
        // Step + multiply is 3-4x faster than libnd4j's relu_bp op here.
        Nd4j.exec(new Step(activations, activations, 0.0));
        gradOut.muli(activations);
        return gradOut;
    }
}
