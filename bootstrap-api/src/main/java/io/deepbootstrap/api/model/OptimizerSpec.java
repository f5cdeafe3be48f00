package io.deepbootstrap.api.model;

/**
 * The optimizer the framework builds from {@code training.optimizer} and applies to every network's
 * {@link Network#parameters()} after each {@link Network#computeGradients}, with PyTorch's update rules
 * ({@code torch.optim.SGD} with dampening 0, {@code torch.optim.Adam} without amsgrad). Networks never apply it
 * themselves; the learning rate of each step comes from the framework's schedule.
 *
 * @param type SGD or Adam
 * @param momentum SGD momentum coefficient (0 for plain SGD), in [0, 1)
 * @param nesterov whether SGD momentum is Nesterov momentum
 * @param weightDecay L2 coefficient added to the gradient of every parameter before the update
 *     ({@code g += weightDecay * w}, PyTorch's {@code weight_decay}), at least 0
 * @param beta1 Adam's first-moment decay, in [0, 1)
 * @param beta2 Adam's second-moment decay, in [0, 1)
 * @param epsilon Adam's epsilon, added to the bias-corrected root of the second moment; greater than 0
 */
public record OptimizerSpec(Type type, double momentum, boolean nesterov, double weightDecay,
                            double beta1, double beta2, double epsilon) {

    /** Optimizer families. */
    public enum Type { SGD, ADAM }

    /** Checks the ranges above; messages name the field and the value. */
    public OptimizerSpec {
        if (type == null) {
            throw new IllegalArgumentException("optimizer type must be given");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("nesterov needs momentum > 0");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be a finite number >= 0, got " + weightDecay);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a finite number > 0, got " + epsilon);
        }
    }

    /** @param momentum momentum (0 for none) @return heavy-ball SGD without weight decay */
    public static OptimizerSpec sgd(double momentum) {
        return new OptimizerSpec(Type.SGD, momentum, false, 0, 0.9, 0.999, 1e-8);
    }

    /** @return Adam with PyTorch's defaults (betas 0.9, 0.999, epsilon 1e-8), no weight decay */
    public static OptimizerSpec adam() {
        return new OptimizerSpec(Type.ADAM, 0, false, 0, 0.9, 0.999, 1e-8);
    }

    /** @param weightDecay the L2 coefficient @return this specification with that weight decay */
    public OptimizerSpec withWeightDecay(double weightDecay) {
        return new OptimizerSpec(type, momentum, nesterov, weightDecay, beta1, beta2, epsilon);
    }
}
