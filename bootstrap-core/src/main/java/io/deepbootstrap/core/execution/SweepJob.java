package io.deepbootstrap.core.execution;

import io.deepbootstrap.core.settings.ExecutionSection;
import io.deepbootstrap.api.RunId;
import java.time.Duration;
import java.util.List;

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
 */
public record SweepJob(String id, String name, String configuration, String baseDirectory, List<String> pluginDirs,
                       List<RunId> runs, ExecutionSection execution, String checkpointDirectory, Duration checkpointInterval) {

    public SweepJob {
        pluginDirs = List.copyOf(pluginDirs);
        runs = List.copyOf(runs);
        if (checkpointInterval.isNegative()) {
            throw new IllegalArgumentException("checkpoint interval must be >= 0, found " + checkpointInterval);
        }
    }

    /** @return whether runs save checkpoints (and retried tasks resume from them) */
    public boolean checkpoints() {
        return !checkpointDirectory.isEmpty();
    }
}
