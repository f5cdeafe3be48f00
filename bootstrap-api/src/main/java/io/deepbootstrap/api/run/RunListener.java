package io.deepbootstrap.api.run;

import io.deepbootstrap.api.RunId;

/**
 * Observes training runs (progress display, logging, custom result sinks). Callbacks come from the
 * thread that trains the run; with {@code experiment.parallelism > 1} several runs call concurrently,
 * so implementations must be thread-safe. A listener must not throw; an exception it throws fails the run.
 */
public interface RunListener {

    /**
     * A run is about to take its first step.
     *
     * @param run the run
     * @param totalSteps the steps it will take (T)
     */
    default void runStarted(RunId run, int totalSteps) {
    }

    /**
     * One optimizer step finished.
     *
     * @param run the run
     * @param step steps taken so far (1-based)
     * @param trainLoss the mean loss of this step's minibatch
     */
    default void stepCompleted(RunId run, int step, double trainLoss) {
    }

    /**
     * The run was evaluated.
     *
     * @param run the run
     * @param evaluation the metrics at this step
     */
    default void evaluated(RunId run, Evaluation evaluation) {
    }

    /**
     * The run ended.
     *
     * @param run the run
     * @param status how it ended
     * @param message a one-line reason for {@link RunStatus#DIVERGED} and {@link RunStatus#FAILED}, else empty
     */
    default void runFinished(RunId run, RunStatus status, String message) {
    }
}
