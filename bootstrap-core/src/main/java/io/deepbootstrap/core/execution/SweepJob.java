package io.deepbootstrap.core.execution;

import io.deepbootstrap.core.settings.ExecutionSection;
import io.deepbootstrap.api.RunId;
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
 */
public record SweepJob(String id, String name, String configuration, String baseDirectory, List<String> pluginDirs,
                       List<RunId> runs, ExecutionSection execution) {

    public SweepJob {
        pluginDirs = List.copyOf(pluginDirs);
        runs = List.copyOf(runs);
    }
}
