package io.deepbootstrap.core.engine.optim;

import io.deepbootstrap.api.model.Parameters;
import io.deepbootstrap.toolkit.nn.OptimizerKernels;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code torch.optim.SGD} with dampening 0: {@code g += wd * w}; with momentum {@code mu > 0},
 * {@code buf = mu * buf + g} (PyTorch starts {@code buf} at {@code g}, which is the same value as this rule
 * from {@code buf = 0}), then {@code g = g + mu * buf} (Nesterov) or {@code g = buf} (heavy-ball);
 * finally {@code w -= lr * g}. On contiguous FLOAT vectors with the Vector API present, one fused pass
 * ({@link OptimizerKernels#sgd}: reads w, g and buf once, writes buf and w, on the native thread count's threads);
 * otherwise native calls per step: one (plain), two (heavy-ball) or three (Nesterov), plus one with weight decay.
 * Both give the same bits: each multiply-add is one fused multiply-add, as OpenBLAS's {@code saxpy} and
 * libnd4j's {@code Axpy} (its AVX2 build) compute it.
 */
final class SgdOptimizer extends FlatOptimizer {
    private static final String MOMENTUM = "momentum";

    private final double momentum;
    private final boolean nesterov;
    private final INDArray buffer;
    private final boolean fused;

    SgdOptimizer(Parameters parameters, double momentum, boolean nesterov, double weightDecay) {
        this(parameters, momentum, nesterov, weightDecay, OptimizerKernels.available());
    }

    /** @param fused whether to use the fused pass where the arrays allow it (false: the native calls; for tests) */
    SgdOptimizer(Parameters parameters, double momentum, boolean nesterov, double weightDecay, boolean fused) {
        super(parameters, weightDecay, momentum == 0 ? "sgd" : nesterov ? "sgd-nesterov" : "sgd-momentum");
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.buffer = momentum > 0 ? FlatOps.zerosLike(parameters) : null;
        this.fused = fused;
    }

    @Override
    boolean fusedUpdate(INDArray w, INDArray g, double learningRate, double weightDecay, long step) {
        return fused && OptimizerKernels.sgd(w, g, buffer, (float) learningRate, (float) momentum, nesterov,
                (float) weightDecay);
    }

    @Override
    void update(INDArray w, INDArray g, double learningRate, long step) {
        INDArray direction = g;
        if (buffer != null) {
            Nd4j.exec(new Axpy(buffer, g, buffer, momentum));          // buf = mu * buf + g
            if (nesterov) {
                Nd4j.exec(new Axpy(buffer, g, g, momentum));           // g = mu * buf + g
            } else {
                direction = buffer;
            }
        }
        FlatOps.axpy(-learningRate, direction, w);
    }

    @Override
    Map<String, INDArray> stateVectors() {
        return buffer == null ? Map.of() : Map.of(MOMENTUM, buffer);
    }
}
