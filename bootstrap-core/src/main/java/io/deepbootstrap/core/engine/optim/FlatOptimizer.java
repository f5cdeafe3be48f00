package io.deepbootstrap.core.engine.optim;

import io.deepbootstrap.api.model.Parameters;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every optimizer over a flat parameter vector shares: the step count, L2 weight decay added to the
 * gradient before the rule ({@code g += weightDecay * w}), nothing to do for a network without parameters, and
 * the state as the named state vectors of the rule (exported as copies, restored in place). A subclass supplies
 * the rule ({@link #update}) and its state vectors ({@link #stateVectors()}).
 */
abstract class FlatOptimizer implements Optimizer {
    private final Parameters parameters;
    private final double weightDecay;
    private final String kind;
    private long steps;

    /**
     * @param parameters the network's flat parameters and gradients
     * @param weightDecay the L2 weight decay (0 for none)
     * @param kind the name of the rule recorded in exported states, e.g. {@code adam}
     */
    FlatOptimizer(Parameters parameters, double weightDecay, String kind) {
        this.parameters = parameters;
        this.weightDecay = weightDecay;
        this.kind = kind;
    }

    @Override
    public final void step(double learningRate) {
        steps++;
        if (parameters.length() == 0) {
            return;
        }
        INDArray w = parameters.values();
        INDArray g = parameters.gradients();
        if (fusedUpdate(w, g, learningRate, weightDecay, steps)) {
            return;
        }
        if (weightDecay != 0) {
            FlatOps.axpy(weightDecay, w, g);
        }
        update(w, g, learningRate, steps);
    }

    /**
     * The rule and the weight decay as one pass, where the rule has one for these arrays; the result must be the
     * same bits as the decay followed by {@link #update}. This default has none.
     *
     * @param w the parameter vector
     * @param g the gradient vector (not modified by a fused pass)
     * @param learningRate this step's learning rate
     * @param weightDecay the L2 weight decay (0 for none)
     * @param step the number of this step, from 1
     * @return whether the step was done; false: the caller adds the decay and calls {@link #update}
     */
    boolean fusedUpdate(INDArray w, INDArray g, double learningRate, double weightDecay, long step) {
        return false;
    }

    /**
     * The rule: updates {@code w} in place from {@code g} (weight decay already added).
     *
     * @param w the parameter vector
     * @param g the gradient vector; scratch space of the step
     * @param learningRate this step's learning rate
     * @param step the number of this step, from 1
     */
    abstract void update(INDArray w, INDArray g, double learningRate, long step);

    /** @return the rule's state vectors by name, in a fixed order (live, not copies) */
    abstract Map<String, INDArray> stateVectors();

    @Override
    public final long steps() {
        return steps;
    }

    @Override
    public final OptimizerState exportState() {
        return new OptimizerState(kind, steps, FlatOps.copies(stateVectors()));
    }

    @Override
    public final void restoreState(OptimizerState state) {
        steps = FlatOps.restore(state, kind, stateVectors());
    }
}
