package io.deepbootstrap.core.engine.optim;

import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.api.model.Parameters;

/** Builds the framework's optimizers from {@link OptimizerSpec}s. */
public final class Optimizers {
    private Optimizers() {
    }

    /**
     * @param spec the optimizer from {@code training.optimizer}
     * @param parameters the network's parameters; the optimizer keeps them and allocates its state vectors
     * @return SGD (plain, heavy-ball or Nesterov momentum) or Adam over {@code parameters}
     */
    public static Optimizer create(OptimizerSpec spec, Parameters parameters) {
        return switch (spec.type()) {
            case SGD -> new SgdOptimizer(parameters, spec.momentum(), spec.nesterov(), spec.weightDecay());
            case ADAM -> new AdamOptimizer(parameters, spec.beta1(), spec.beta2(), spec.epsilon(), spec.weightDecay());
        };
    }
}
