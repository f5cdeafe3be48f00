package io.deepbootstrap.testkit;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import java.util.List;

/**
 * One finished run of a {@link PluginHarness} experiment.
 *
 * @param id the run's identity (architecture label, N, seed, augmentation, world)
 * @param status how it ended
 * @param message why a run diverged or failed; empty otherwise
 * @param curve its evaluations in step order
 */
public record RunResult(RunId id, RunStatus status, String message, List<Evaluation> curve) {
    /** Copies the curve. */
    public RunResult {
        curve = List.copyOf(curve);
    }

    /**
     * @return the last evaluation
     * @throws IllegalStateException if the run has none (it failed before its first evaluation)
     */
    public Evaluation last() {
        if (curve.isEmpty()) {
            throw new IllegalStateException("run " + id + " has no evaluation (" + status + ": " + message + ")");
        }
        return curve.get(curve.size() - 1);
    }
}
