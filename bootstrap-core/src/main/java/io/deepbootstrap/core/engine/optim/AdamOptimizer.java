package io.deepbootstrap.core.engine.optim;

import io.deepbootstrap.api.model.Parameters;
import io.deepbootstrap.toolkit.nn.OptimizerKernels;
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
 * corrections are computed in double precision, as PyTorch does in Python. On contiguous FLOAT vectors with the
 * Vector API present, one fused pass ({@link OptimizerKernels#adam}: reads w, g, m and v once, writes m, v and w, on
 * the native thread count's threads); otherwise about ten native calls over the flat vectors (no allocation), with
 * the gradient vector as the scratch space of the step. Both give the same bits: the fused pass rounds where the
 * native calls do (one {@code fma} for each BLAS {@code saxpy}, one rounding for each element-wise op).
 */
final class AdamOptimizer extends FlatOptimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final INDArray m;
    private final INDArray v;
    private final boolean fused;

    AdamOptimizer(Parameters parameters, double beta1, double beta2, double epsilon, double weightDecay) {
        this(parameters, beta1, beta2, epsilon, weightDecay, OptimizerKernels.available());
    }

    /** @param fused whether to use the fused pass where the arrays allow it (false: the native calls; for tests) */
    AdamOptimizer(Parameters parameters, double beta1, double beta2, double epsilon, double weightDecay,
            boolean fused) {
        super(parameters, weightDecay, "adam");
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = FlatOps.zerosLike(parameters);
        this.v = FlatOps.zerosLike(parameters);
        this.fused = fused;
    }

    @Override
    boolean fusedUpdate(INDArray w, INDArray g, double learningRate, double weightDecay, long step) {
        return fused && OptimizerKernels.adam(w, g, m, v, learningRate, beta1, beta2, epsilon, weightDecay, step);
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
