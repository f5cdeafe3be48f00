package io.deepbootstrap.core.engine;

/**
 * Whose turn it is to train, for two runs that share one slot (a real-world run and its ideal-world run, trained
 * step by step in turn so that both see the machine at the same time). The trainer takes the turn before each
 * step and gives it back after it; a run that ends leaves, and the other then trains alone.
 */
public interface StepTurns {
    /** A run that shares its slot with none. */
    StepTurns ALONE = new StepTurns() {
        @Override
        public void acquire() {
        }

        @Override
        public void release() {
        }

        @Override
        public void leave() {
        }
    };

    /** Waits for this run's turn (at once if the other run has left). */
    void acquire();

    /** Gives the turn to the other run (if it has not left). */
    void release();

    /** This run ends: the other trains alone from now on. Idempotent. */
    void leave();
}
