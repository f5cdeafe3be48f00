package io.deepbootstrap.toolkit.optim;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * A learning-rate "schedule" whose value the caller sets before every step. The framework owns the real
 * schedule and passes the rate to each {@code Network.fit} call; giving ND4J/DL4J updaters this object
 * as their schedule makes changing the rate a field write, instead of DL4J's
 * {@code MultiLayerNetwork.setLearningRate}, which rebuilds the whole updater (and its state array).
 *
 * <p>{@link #clone()} returns {@code this}: copies of an updater configuration made by DL4J keep
 * sharing the one instance, so one {@link #set} reaches every layer.
 */
public final class SettableSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    private volatile double value;

    /** Creates a schedule with value 0 (set it before the first step). */
    public SettableSchedule() {
    }

    /** @param value the initial value */
    public SettableSchedule(double value) {
        this.value = value;
    }

    /** @param value the learning rate the next steps use */
    public void set(double value) {
        this.value = value;
    }

    /** @return the current value */
    public double get() {
        return value;
    }

    /** @return the current value (for bean-style serialisation) */
    public double getValue() {
        return value;
    }

    /** @param value the current value (for bean-style serialisation) */
    public void setValue(double value) {
        this.value = value;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return value;
    }

    @Override
    public ISchedule clone() {
        return this;
    }

    @Override
    public String toString() {
        return "SettableSchedule(" + value + ")";
    }
}
