package io.deepbootstrap.core.checkpoint;

/**
 * State that goes into a run's checkpoint and comes back on resume: the seam every stateful part of a run
 * implements (the trainer's progress, the optimizer, the batch pipeline, convergence tracking, ...).
 *
 * <p>The contract is bit-for-bit continuation: an object built with the same configuration as the saved one,
 * given {@link #restoreState} of what {@link #saveState} wrote at the end of step t, behaves from step t + 1
 * on exactly as the saved object would have. Each object writes into its own {@link StateTree} section (the
 * caller chooses the section's name), so names only need to be unique within the object.
 */
public interface Checkpointable {

    /**
     * Writes everything needed to continue into {@code state}. Called between two training steps, on the
     * training thread; values are copied at once, so the object may change right after.
     *
     * @param state this object's own, empty section
     */
    void saveState(StateTree state);

    /**
     * Replaces this object's state with a saved one. Called once, on an object freshly built with the same
     * configuration, before the first step it takes.
     *
     * @param state the section {@link #saveState} wrote
     * @throws CheckpointException if a value is missing or does not fit (the message names the value)
     */
    void restoreState(StateTree state);
}
