package io.deepbootstrap.core.engine.optim;

/**
 * The framework's optimizer: updates a network's flat parameter vector from its flat gradient vector
 * ({@link io.deepbootstrap.api.model.Network#parameters()}) after each
 * {@link io.deepbootstrap.api.model.Network#computeGradients}, with PyTorch's update rules. Built by
 * {@link Optimizers#create}. Not thread-safe; one per network.
 */
public interface Optimizer {

    /**
     * Applies one update: L2 weight decay added to the gradient ({@code g += weightDecay * w}), then the
     * optimizer's rule. The gradient vector is scratch space afterwards (its content is unspecified).
     *
     * @param learningRate this step's learning rate, from the framework's schedule
     */
    void step(double learningRate);

    /** @return the number of steps taken (or restored) */
    long steps();

    /**
     * @return a copy of the complete state (momentum or moment vectors and the step count), detached from this
     *     optimizer
     */
    OptimizerState exportState();

    /**
     * Replaces the state with an exported one: the next {@link #step} continues bit-for-bit as the exporting
     * optimizer's would have (same parameters, gradients and learning rate assumed).
     *
     * @param state a state exported by an optimizer of the same kind over parameters of the same length
     * @throws IllegalArgumentException if the kind, the array names or their lengths differ (the message says which)
     */
    void restoreState(OptimizerState state);
}
