package io.deepbootstrap.core.engine;

/**
 * Whose turn it is to train, for two runs that share one slot (a real-world run and its ideal-world run, trained
 * in turns of a few steps so that both see the machine at the same time). The trainer takes the turn before each
 * step and releases it after it (a turn may span several steps); a run that ends leaves, and the other then trains
 * alone.
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
        public void handOver() {
        }

        @Override
        public void leave() {
        }
    };

    /** Waits for this run's turn (at once if the other run has left). */
    void acquire();

    /** A step is done: gives the turn to the other run (if it has not left) when this run's turn is over. */
    void release();

    /** Gives the turn to the other run now (if it has not left), e.g. to wait for what it will find out. */
    void handOver();

    /** This run ends: the other trains alone from now on. Idempotent. */
    void leave();
}
