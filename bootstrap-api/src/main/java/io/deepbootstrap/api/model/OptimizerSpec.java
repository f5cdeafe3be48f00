package io.deepbootstrap.api.model;

/**
 * The optimizer the framework built from {@code training.optimizer}; an architecture's network applies
 * it. The learning rate itself is passed to every {@link Network#fit} call.
 *
 * @param type SGD or Adam
 * @param momentum SGD momentum coefficient (0 for plain SGD)
 * @param nesterov whether SGD momentum is Nesterov momentum
 * @param weightDecay L2 coefficient added to the gradient ({@code g += weightDecay * w}), as in PyTorch's SGD
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's epsilon
 */
public record OptimizerSpec(Type type, double momentum, boolean nesterov, double weightDecay,
                            double beta1, double beta2, double epsilon) {

    /** Optimizer families. */
    public enum Type { SGD, ADAM }

    public OptimizerSpec {
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("nesterov needs momentum > 0");
        }
        if (weightDecay < 0) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
    }

    /** @param momentum momentum (0 for none) @return SGD without weight decay */
    public static OptimizerSpec sgd(double momentum) {
        return new OptimizerSpec(Type.SGD, momentum, false, 0, 0.9, 0.999, 1e-8);
    }
}
