package io.deepbootstrap.core.checkpoint;

import java.util.List;

/**
 * The experiment stopped on request (a signal) before all runs finished: finished runs are recorded, the
 * runs that were training saved checkpoints ({@link #runs()}), the others did not start.
 */
public final class ExperimentStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<RunStopped> runs;

    /** @param runs the runs stopped while training, each with the step of its checkpoint */
    public ExperimentStopped(List<RunStopped> runs) {
        super("stopped on request" + (runs.isEmpty() ? "" : ": " + String.join("; ", runs.stream().map(RunStopped::getMessage).toList())));
        this.runs = List.copyOf(runs);
    }

    /** @return the runs stopped while training */
    public List<RunStopped> runs() {
        return runs;
    }
}
