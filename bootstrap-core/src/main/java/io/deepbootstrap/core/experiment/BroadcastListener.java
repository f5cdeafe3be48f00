package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunStatus;
import java.util.List;

/** Passes every callback on to several listeners, in order. */
public final class BroadcastListener implements RunListener {
    private final List<RunListener> listeners;

    /** @param listeners the listeners, called in this order */
    public BroadcastListener(List<RunListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void runStarted(RunId run, int totalSteps) {
        listeners.forEach(l -> l.runStarted(run, totalSteps));
    }

    @Override
    public void stepCompleted(RunId run, int step, double trainLoss) {
        for (RunListener l : listeners) {
            l.stepCompleted(run, step, trainLoss);
        }
    }

    @Override
    public void evaluated(RunId run, Evaluation evaluation) {
        listeners.forEach(l -> l.evaluated(run, evaluation));
    }

    @Override
    public void runFinished(RunId run, RunStatus status, String message) {
        listeners.forEach(l -> l.runFinished(run, status, message));
    }
}
