package io.deepbootstrap.core.engine.optim;

import io.deepbootstrap.api.model.Parameters;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code torch.optim.SGD} with dampening 0: {@code g += wd * w}; with momentum {@code mu > 0},
 * {@code buf = mu * buf + g} (PyTorch starts {@code buf} at {@code g}, which is the same value as this rule
 * from {@code buf = 0}), then {@code g = g + mu * buf} (Nesterov) or {@code g = buf} (heavy-ball);
 * finally {@code w -= lr * g}. Native calls per step: one (plain), two (heavy-ball) or three (Nesterov),
 * plus one with weight decay.
 */
final class SgdOptimizer implements Optimizer {
    private static final String MOMENTUM = "momentum";

    private final Parameters parameters;
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final INDArray buffer;
    private final String kind;
    private long steps;

    SgdOptimizer(Parameters parameters, double momentum, boolean nesterov, double weightDecay) {
        this.parameters = parameters;
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.buffer = momentum > 0 ? FlatOps.zerosLike(parameters) : null;
        this.kind = momentum == 0 ? "sgd" : nesterov ? "sgd-nesterov" : "sgd-momentum";
    }

    @Override
    public void step(double learningRate) {
        steps++;
        if (parameters.length() == 0) {
            return;
        }
        INDArray w = parameters.values();
        INDArray g = parameters.gradients();
        if (weightDecay != 0) {
            FlatOps.axpy(weightDecay, w, g);
        }
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
    public long steps() {
        return steps;
    }

    private Map<String, INDArray> arrays() {
        return buffer == null ? Map.of() : Map.of(MOMENTUM, buffer);
    }

    @Override
    public OptimizerState exportState() {
        return new OptimizerState(kind, steps, FlatOps.copies(arrays()));
    }

    @Override
    public void restoreState(OptimizerState state) {
        steps = FlatOps.restore(state, kind, arrays());
    }
}
