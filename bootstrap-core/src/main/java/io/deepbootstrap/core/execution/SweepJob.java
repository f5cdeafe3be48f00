package io.deepbootstrap.core.execution;

import io.deepbootstrap.core.settings.ExecutionSection;
import io.deepbootstrap.api.RunId;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a worker needs to train runs of an experiment the driver has validated: the complete
 * configuration, where relative paths and plugins are, and which runs to train. Workers must be able to read
 * the same paths as the driver (a shared file system), as they do for data files.
 *
 * @param id unique per sweep; workers keep one prepared experiment per id
 * @param name the experiment's name
 * @param configuration the merged, resolved configuration (defaults included) as JSON
 * @param baseDirectory where relative paths of the configuration are resolved (absolute)
 * @param pluginDirs the plugin folders the driver loaded, in order (absolute)
 * @param runs the runs to train, in planned order
 * @param execution the execution settings
 * @param checkpointDirectory where runs save their checkpoints ({@code <run label>.ckpt}), absolute, on storage every
 *     worker and every attempt of a run can read and write (a shared POSIX path); empty for no checkpoints. A task
 *     that is retried (its executor died) resumes from the run's last checkpoint there instead of from step 0.
 * @param checkpointInterval training time between two checkpoints of a run besides those at every evaluation
 *     (zero = only at evaluations)
 * @param stopSteps by ideal-world run label: the T_stops of its cell's real runs, at which it is evaluated besides
 *     its grid (the driver trains the real runs first and ships their T_stops with the ideal runs)
 */
public record SweepJob(String id, String name, String configuration, String baseDirectory, List<String> pluginDirs,
                       List<RunId> runs, ExecutionSection execution, String checkpointDirectory, Duration checkpointInterval,
                       Map<String, List<Integer>> stopSteps) {

    /** A job without T_stops to evaluate ideal runs at (see the canonical constructor for the parameters). */
    public SweepJob(String id, String name, String configuration, String baseDirectory, List<String> pluginDirs,
                    List<RunId> runs, ExecutionSection execution, String checkpointDirectory, Duration checkpointInterval) {
        this(id, name, configuration, baseDirectory, pluginDirs, runs, execution, checkpointDirectory, checkpointInterval, Map.of());
    }

    public SweepJob {
        pluginDirs = List.copyOf(pluginDirs);
        runs = List.copyOf(runs);
        stopSteps = Map.copyOf(stopSteps);
        if (checkpointInterval.isNegative()) {
            throw new IllegalArgumentException("checkpoint interval must be >= 0, found " + checkpointInterval);
        }
    }

    /**
     * @param subset some of the runs
     * @param stops T_stops by ideal run label
     * @return this job (same id, so workers keep their prepared experiment) for {@code subset} only
     */
    public SweepJob with(List<RunId> subset, Map<String, List<Integer>> stops) {
        return new SweepJob(id, name, configuration, baseDirectory, pluginDirs, subset, execution, checkpointDirectory,
                checkpointInterval, stops);
    }

    /** @return whether runs save checkpoints (and retried tasks resume from them) */
    public boolean checkpoints() {
        return !checkpointDirectory.isEmpty();
    }
}
