package io.deepbootstrap.core.engine.optim;

import io.deepbootstrap.api.model.Parameters;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code torch.optim.Adam} (amsgrad off) as PyTorch 1.13 computes it: {@code g += wd * w}; {@code t += 1};
 * {@code m = b1 * m + (1 - b1) * g}; {@code v = b2 * v + (1 - b2) * g * g};
 * {@code denom = sqrt(v) / sqrt(1 - b2^t) + eps}; {@code w -= lr / (1 - b1^t) * m / denom}. The bias
 * corrections are computed in double precision, as PyTorch does in Python. The gradient vector is the scratch
 * space of the step (about ten native calls over the flat vectors, no allocation).
 */
final class AdamOptimizer extends FlatOptimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final INDArray m;
    private final INDArray v;

    AdamOptimizer(Parameters parameters, double beta1, double beta2, double epsilon, double weightDecay) {
        super(parameters, weightDecay, "adam");
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = FlatOps.zerosLike(parameters);
        this.v = FlatOps.zerosLike(parameters);
    }

    @Override
    void update(INDArray w, INDArray g, double learningRate, long steps) {
        m.muli(beta1);
        FlatOps.axpy(1 - beta1, g, m);                  // m = b1 * m + (1 - b1) * g
        Nd4j.exec(new MulOp(g, g, g));                  // g = g * g
        v.muli(beta2);
        FlatOps.axpy(1 - beta2, g, v);                  // v = b2 * v + (1 - b2) * g^2
        double biasCorrection1 = 1 - Math.pow(beta1, steps);
        double biasCorrection2 = 1 - Math.pow(beta2, steps);
        Nd4j.exec(new Sqrt(v, g));                      // g = sqrt(v)
        g.divi(Math.sqrt(biasCorrection2)).addi(epsilon);   // g = denom
        Nd4j.exec(new DivOp(m, g, g));                  // g = m / denom
        FlatOps.axpy(-learningRate / biasCorrection1, g, w);
    }

    @Override
    Map<String, INDArray> stateVectors() {
        Map<String, INDArray> a = new LinkedHashMap<>();
        a.put("exp-avg", m);
        a.put("exp-avg-sq", v);
        return a;
    }
}
