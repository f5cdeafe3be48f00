package io.deepbootstrap.api.run;

/** How a run ended. */
public enum RunStatus {
    /** Trained for all its steps (or stopped at convergence when asked to). */
    OK,
    /** The loss or the outputs became NaN or infinite; the run stopped, the experiment went on. */
    DIVERGED,
    /** An error other than divergence ended the run; the experiment went on. */
    FAILED;

    /** @return lower-case name as written in result files */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
