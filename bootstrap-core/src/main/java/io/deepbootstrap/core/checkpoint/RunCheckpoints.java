package io.deepbootstrap.core.checkpoint;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link io.deepbootstrap.core.engine.Trainer}'s view of a run's checkpoints: where it resumes from, when to
 * save, and whether to stop. The implementation knows the rest of the run (network, optimizer, batch source)
 * and adds their sections to every checkpoint; the trainer adds its own (its progress, the curve, convergence
 * tracking) through the writer it passes to {@link #save}.
 */
public interface RunCheckpoints {

    /** No checkpoints: start from step 0, never save, never stop early. */
    RunCheckpoints NONE = stopOnly(() -> false);

    /**
     * @param stop whether the process was asked to stop
     * @return no checkpoints, but a stop between two steps when asked (the run then starts over when resumed)
     */
    static RunCheckpoints stopOnly(java.util.function.BooleanSupplier stop) {
        return new RunCheckpoints() {
            @Override
            public Optional<StateTree> resumeFrom() {
                return Optional.empty();
            }

            @Override
            public boolean due(int step, boolean evaluated) {
                return false;
            }

            @Override
            public boolean save(int step, Consumer<StateTree> trainerState) {
                return false;
            }

            @Override
            public boolean stopRequested() {
                return stop.getAsBoolean();
            }
        };
    }

    /**
     * @return the trainer's section of the checkpoint to resume from (what its writer wrote), or empty to
     *     start at step 1; network, optimizer and batch source are already restored when it is non-empty
     */
    Optional<StateTree> resumeFrom();

    /**
     * @param step the step just trained (and evaluated, if it was an evaluation step)
     * @param evaluated whether the run was evaluated at this step
     * @return whether to save a checkpoint now (at every evaluation, and when the interval has passed)
     */
    boolean due(int step, boolean evaluated);

    /**
     * Saves a checkpoint after {@code step}: the rest of the run's state, and the trainer's through
     * {@code trainerState}. A failure to write is logged and training goes on.
     *
     * @param step the step just trained
     * @param trainerState writes the trainer's state into its (empty) section
     * @return whether the checkpoint was written
     */
    boolean save(int step, Consumer<StateTree> trainerState);

    /**
     * @return whether the process was asked to stop (SIGTERM, Ctrl-C): the trainer then saves a checkpoint
     *     after the current step and throws {@link RunStopped}
     */
    boolean stopRequested();
}
