package io.deepbootstrap.core.execution;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.core.result.RunRecord;

/**
 * The worker side of a sweep engine: rebuilds a job's experiment in this JVM (plugins, components, data
 * sources, opened once per job and reused by every run of the job this JVM trains) and trains one run.
 * The application provides the implementation (found with {@link java.util.ServiceLoader}). A host writes
 * no result files; training the same run twice gives the same record (apart from timing), so a retried
 * task is harmless.
 */
public interface RunHost {

    /**
     * Trains one run of the job in this JVM.
     *
     * @param job the experiment, as the driver prepared it
     * @param run one of {@link SweepJob#runs()}
     * @param gpu the GPU the engine assigned to this run (a CUDA device index), or -1 for none; a CPU build ignores it
     * @return the run's record; a run that fails or diverges gives a record saying so, not an exception
     * @throws RuntimeException if the experiment cannot be rebuilt here (a plugin or data file missing on
     *     this machine); the engine reports it as a task failure
     */
    RunRecord run(SweepJob job, RunId run, int gpu);
}
