package io.deepbootstrap.core.execution;

import io.deepbootstrap.core.result.RunRecord;
import java.util.function.Consumer;

/**
 * A sweep engine: trains the runs of a {@link SweepJob} somewhere other than this process's run pool (for
 * example as Apache Spark tasks) and hands their records back to the driver as they finish. An engine writes
 * no result files: the driver does, through the same path as a local run. One sweep may call {@link #run}
 * several times (e.g. the real-world runs, then the ideal-world runs); an engine may keep what it started
 * (a Spark application and its executors) from one call to the next, until {@link #close}.
 */
public interface SweepEngine extends AutoCloseable {

    /** @return the engine's name, as written in {@code execution.engine} */
    String name();

    /**
     * Trains every run of the job and returns when all of them have a record.
     *
     * @param job the experiment and the runs to train
     * @param finished called on the calling thread with each run's record as it arrives (completion order,
     *     exactly once per run, however often the engine retried the run)
     * @throws SweepFailure if the engine cannot finish the sweep (cluster unreachable, a run's task failed
     *     more often than the engine allows); records delivered before stay valid
     */
    void run(SweepJob job, Consumer<RunRecord> finished);

    /** Releases what the engine kept between calls of {@link #run} (for Spark: stops its application). */
    @Override
    default void close() {
    }
}
