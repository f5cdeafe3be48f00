package io.deepbootstrap.toolkit.optim;

import io.deepbootstrap.api.model.OptimizerSpec;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Maps the framework's {@link OptimizerSpec} to ND4J updater configurations, with the learning rate
 * read from a schedule the caller controls.
 *
 * <ul>
 *   <li>SGD, momentum 0: ND4J {@link Sgd} ({@code w -= lr * g}).</li>
 *   <li>SGD with momentum (heavy-ball or Nesterov): {@link TorchMomentum}, PyTorch's rule.</li>
 *   <li>Adam: ND4J {@link Adam} with the spec's beta1, beta2, epsilon (bias-corrected, as PyTorch).</li>
 * </ul>
 * Weight decay is not part of the updater: it is L2 added to the gradient before the updater runs
 * ({@code g += weightDecay * w}, for all parameters including biases, as PyTorch's SGD and Adam do).
 * DL4J networks get it as {@code L2Regularization} on weights and biases; the native toolkit adds it itself.
 */
public final class Optimizers {
    private Optimizers() {
    }

    /**
     * @param spec the optimizer
     * @param learningRate the schedule the updater reads its rate from (usually a {@link SettableSchedule})
     * @return the ND4J updater configuration
     */
    public static IUpdater updater(OptimizerSpec spec, ISchedule learningRate) {
        return switch (spec.type()) {
            case SGD -> spec.momentum() == 0 ? new Sgd(learningRate)
                    : new TorchMomentum(learningRate, spec.momentum(), spec.nesterov());
            case ADAM -> Adam.builder().learningRateSchedule(learningRate)
                    .beta1(spec.beta1()).beta2(spec.beta2()).epsilon(spec.epsilon()).build();
        };
    }
}
