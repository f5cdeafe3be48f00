package io.deepbootstrap.models.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layer normalisation of vector inputs {@code [n, d]} over the features, with gain (ones) and bias (zeros),
 * via libnd4j's {@code layer_norm} / {@code layer_norm_bp}.
 */
public final class LayerNorm extends AbstractLayer {
    private Param gain;
    private Param bias;
    private int[] axes;

    @Override
    public String name() {
        return "layernorm";
    }

    @Override
    public long[] build(long[] inputShape) {
        requireRank("layernorm", inputShape, 1);
        inShape = inputShape.clone();
        outShape = inputShape.clone();
        gain = new Param("gain", new long[] {inShape[0]}, Param.Init.ones());
        bias = new Param("bias", new long[] {inShape[0]}, Param.Init.zeros());
        axes = new int[] {1};
        return outShape.clone();
    }

    @Override
    public List<Param> params() {
        return List.of(gain, bias);
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        input = in;
        INDArray out = out(in);
        Ops.exec("layer_norm", new INDArray[] {in, gain.value(), bias.value()}, new INDArray[] {out}, axes);
        return out;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        INDArray gi = gradIn(gradOut);
        Ops.exec("layer_norm_bp", new INDArray[] {input, gain.value(), bias.value(), gradOut},
                new INDArray[] {gi, gain.grad(), bias.grad()}, axes);
        return gi;
    }
}
