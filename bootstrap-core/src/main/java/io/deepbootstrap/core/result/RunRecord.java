package io.deepbootstrap.core.result;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import java.util.List;

/**
 * Everything one finished training run produced.
 *
 * @param id the run's identity
 * @param status how it ended
 * @param message reason for a diverged or failed run, else empty
 * @param steps the steps it was planned to take (T)
 * @param batchSize the minibatch size (B)
 * @param initialization how the weights were initialised, e.g. {@code scratch(seed=…)}
 * @param curve its evaluations in step order (may be short if the run diverged or failed)
 * @param timing what its steps and evaluations cost in CPU and wall time ({@link RunTiming#NONE} if not measured)
 */
public record RunRecord(RunId id, RunStatus status, String message, int steps, int batchSize,
                        String initialization, List<Evaluation> curve, RunTiming timing) {

    public RunRecord {
        curve = List.copyOf(curve);
        timing = timing == null ? RunTiming.NONE : timing;
    }

    /**
     * A record without a timing.
     *
     * @param id the run's identity
     * @param status how it ended
     * @param message reason for a diverged or failed run, else empty
     * @param steps the steps it was planned to take (T)
     * @param batchSize the minibatch size (B)
     * @param initialization how the weights were initialised
     * @param curve its evaluations in step order
     */
    public RunRecord(RunId id, RunStatus status, String message, int steps, int batchSize, String initialization,
                     List<Evaluation> curve) {
        this(id, status, message, steps, batchSize, initialization, curve, RunTiming.NONE);
    }

    /**
     * @param t the run's timing
     * @return this record with that timing
     */
    public RunRecord withTiming(RunTiming t) {
        return new RunRecord(id, status, message, steps, batchSize, initialization, curve, t);
    }
}
