package io.deepbootstrap.core.checkpoint;

import io.deepbootstrap.api.RunId;

/**
 * A run stopped on request (a signal) between two steps, after saving a checkpoint: not a failure, and no
 * record; the run resumes from its checkpoint at the next start.
 */
public final class RunStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient RunId run;
    private final int step;
    private final boolean saved;

    /**
     * @param run the run
     * @param step the last step it trained
     * @param saved whether its checkpoint after that step was written
     */
    public RunStopped(RunId run, int step, boolean saved) {
        super(run.label() + " stopped after step " + step + (saved ? ", checkpoint written" : ", checkpoint NOT written"));
        this.run = run;
        this.step = step;
        this.saved = saved;
    }

    /** @return the run */
    public RunId run() {
        return run;
    }

    /** @return the last step it trained */
    public int step() {
        return step;
    }

    /** @return whether its checkpoint after that step was written */
    public boolean saved() {
        return saved;
    }
}
