package io.deepbootstrap.toolkit.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layer normalisation over the last dimension (features), with gain (ones) and bias (zeros) of that size,
 * via libnd4j's {@code layer_norm} / {@code layer_norm_bp}. Works on vectors {@code [n, d]} and on sequences
 * {@code [n, tokens, d]} (as in a ViT) or any other rank. libnd4j's epsilon (1e-5 inside {@code standardize})
 * is fixed.
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
        inShape = inputShape.clone();
        outShape = inputShape.clone();
        long d = inShape[inShape.length - 1];
        gain = new Param("gain", new long[] {d}, Param.Init.ones());
        bias = new Param("bias", new long[] {d}, Param.Init.zeros());
        axes = new int[] {inShape.length}; // the last dimension of the batched array
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
        // boolean argument: false = channels last, so gain and bias apply along the last dimension
        Ops.exec("layer_norm", new INDArray[] {in, gain.value(), bias.value()}, new INDArray[] {out}, axes, new boolean[] {false});
        return out;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        INDArray gi = gradIn(gradOut);
        Ops.exec("layer_norm_bp", new INDArray[] {input, gain.value(), bias.value(), gradOut},
                new INDArray[] {gi, gain.grad(), bias.grad()}, axes, new boolean[] {false});
        return gi;
    }
}
