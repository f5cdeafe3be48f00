package io.deepbootstrap.toolkit.optim;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * SGD with momentum exactly as PyTorch's {@code torch.optim.SGD} defines it (dampening 0), as an ND4J
 * {@link IUpdater} so that DL4J networks and the native toolkit can both use it.
 *
 * <p>Per step, with gradient {@code g} (weight decay already added), velocity {@code v} (state, starts
 * at 0) and learning rate {@code lr}: {@code v = mu * v + g}; the update subtracted from the parameters
 * is {@code lr * v} (heavy-ball), or {@code lr * (g + mu * v)} with Nesterov momentum.
 *
 * <p>Why not ND4J's own: ND4J has no heavy-ball momentum, and its {@code Nesterovs} keeps the learning
 * rate inside the velocity ({@code v = mu * v - lr * g}), which equals PyTorch's rule only while the
 * rate is constant; with the framework's schedules (cosine, step) the two drift apart.
 */
public final class TorchMomentum implements IUpdater {
    private static final long serialVersionUID = 1L;

    private ISchedule learningRate;
    private double momentum;
    private boolean nesterov;

    /** For serialisation only. */
    public TorchMomentum() {
        this(new SettableSchedule(0.1), 0.9, false);
    }

    /**
     * @param learningRate the learning-rate schedule (typically a {@link SettableSchedule})
     * @param momentum the momentum coefficient, in [0, 1)
     * @param nesterov whether to use Nesterov momentum
     */
    public TorchMomentum(ISchedule learningRate, double momentum, boolean nesterov) {
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.learningRate = Objects.requireNonNull(learningRate, "learningRate");
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    /** @return the momentum coefficient */
    public double getMomentum() {
        return momentum;
    }

    /** @return whether this is Nesterov momentum */
    public boolean isNesterov() {
        return nesterov;
    }

    /** @return the learning-rate schedule */
    public ISchedule getLearningRateSchedule() {
        return learningRate;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public TorchMomentum clone() {
        return new TorchMomentum(learningRate.clone(), momentum, nesterov);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRate.valueAt(iteration, epoch);
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lrSchedule != null ? lrSchedule : new SettableSchedule(lr);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchMomentum t && t.learningRate == learningRate && t.momentum == momentum
                && t.nesterov == nesterov;
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(learningRate), momentum, nesterov);
    }

    @Override
    public String toString() {
        return "TorchMomentum(momentum=" + momentum + ", nesterov=" + nesterov + ", lr=" + learningRate + ")";
    }

    /** The stateful part: one velocity array per parameter block. */
    static final class Updater implements GradientUpdater<TorchMomentum> {
        static final String VELOCITY = "V";
        private final TorchMomentum config;
        private INDArray v;

        Updater(TorchMomentum config) {
            this.config = config;
        }

        @Override
        public TorchMomentum getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            if (!stateMap.containsKey(VELOCITY) || stateMap.size() != 1) {
                throw new IllegalStateException("TorchMomentum expects state {" + VELOCITY + "}, got " + stateMap.keySet());
            }
            v = stateMap.get(VELOCITY);
            if (initialize) {
                v.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of(VELOCITY, v);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            if (!viewArray.isRowVectorOrScalar() && viewArray.rank() != 1) {
                throw new IllegalArgumentException("state view must be a vector, got shape "
                        + java.util.Arrays.toString(viewArray.shape()));
            }
            if (initialize) {
                viewArray.assign(0);
            }
            v = viewArray.reshape(gradientOrder, gradientShape);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            double mu = config.momentum;
            v.muli(mu).addi(gradient);
            if (config.nesterov) {
                // g + mu * v, in place in the gradient
                gradient.addi(v.mul(mu));
            } else {
                gradient.assign(v);
            }
            gradient.muli(lr);
        }
    }
}
