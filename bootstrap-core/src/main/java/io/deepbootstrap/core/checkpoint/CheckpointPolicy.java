package io.deepbootstrap.core.checkpoint;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.core.result.ResultPaths;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how often runs save checkpoints.
 *
 * @param directory the folder of the checkpoint files, one per run ({@code <run label>.ckpt})
 * @param interval training time between two checkpoints besides those at every evaluation (zero = only at
 *     evaluations)
 * @param keep whether a run's checkpoint stays after the run has finished (by default it is deleted)
 */
public record CheckpointPolicy(Path directory, Duration interval, boolean keep) {

    /** The checkpoint file's name suffix. */
    public static final String SUFFIX = ".ckpt";

    /**
     * @param id a run
     * @return its checkpoint file
     */
    public Path file(RunId id) {
        return ResultPaths.child(directory, id.label() + SUFFIX);
    }
}
