package io.deepbootstrap.models.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fully connected layer {@code y = x W + b} on vector inputs {@code [n, in]}, via BLAS gemm. Parameters:
 * {@code weight [in, out]} (uniform ±1/sqrt(in)) and {@code bias [out]} (zeros).
 */
public final class Dense extends AbstractLayer {
    private final int units;
    private Param weight;
    private Param bias;

    /** @param units output width */
    public Dense(int units) {
        if (units < 1) {
            throw new IllegalArgumentException("dense units must be >= 1, got " + units);
        }
        this.units = units;
    }

    @Override
    public String name() {
        return "dense";
    }

    @Override
    public long[] build(long[] inputShape) {
        requireRank("dense", inputShape, 1);
        inShape = inputShape.clone();
        outShape = new long[] {units};
        weight = new Param("weight", new long[] {inShape[0], units}, Param.Init.fanInUniform(inShape[0]));
        bias = new Param("bias", new long[] {units}, Param.Init.zeros());
        return outShape.clone();
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        input = in;
        INDArray out = out(in);
        Nd4j.gemm(in, weight.value(), out, false, false, 1.0, 0.0);
        out.addiRowVector(bias.value());
        return out;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        Nd4j.gemm(input, gradOut, weight.grad(), true, false, 1.0, 0.0);
        gradOut.sum(bias.grad(), 0);
        if (!inputGradNeeded) {
            return null;
        }
        INDArray gi = gradIn(gradOut);
        Nd4j.gemm(gradOut, weight.value(), gi, false, true, 1.0, 0.0);
        return gi;
    }
}
