package io.deepbootstrap.core.settings;

import com.typesafe.config.Config;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.run.RunListenerFactory;
import io.deepbootstrap.core.config.ComponentConfigs.Resolved;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code experiment} section (bootstrap-core's reference.conf, same key order).
 *
 * @param name {@code name}: the experiment's name, a folder name
 * @param seeds {@code seed} and {@code seeds}: the run seeds seed, seed + 1, ..., seed + seeds − 1
 * @param outputDirectory {@code output-dir}: {@code <output-dir>/<name>}, absolute (relative to the working directory)
 * @param cacheDirectory {@code cache-dir}: where data sources cache derived data, absolute
 * @param listeners {@code listeners}: extra run listeners
 * @param parallelism {@code parallelism}: how many runs train at once
 * @param checkpoints {@code checkpoints}: whether runs save checkpoints (and an interrupted experiment resumes)
 * @param checkpointInterval {@code checkpoint-interval}: training time between two checkpoints of a run besides
 *     those at every evaluation (zero = only at evaluations)
 */
public record ExperimentSection(String name, List<Long> seeds, Path outputDirectory, Path cacheDirectory,
                                List<Resolved<RunListenerFactory>> listeners, int parallelism, boolean checkpoints,
                                Duration checkpointInterval) {

    /** The section's component lists, validated against each component's own defaults. */
    static final Set<String> COMPONENT_LISTS = Set.of("listeners");

    /** @param r the reader @return the section, or null if it has problems (recorded in r) */
    static ExperimentSection parse(SettingsReader r) {
        int before = r.problemCount();
        String name = r.string("experiment.name", "a string");
        if (name != null && !SafeNames.isSafe(name)) {
            r.problem("experiment.name", SafeNames.problem(name, "the results folder"));
        }
        Long seed = r.longValue("experiment.seed");
        Integer seedCount = r.positive("experiment.seeds");
        String outputDir = r.string("experiment.output-dir", "a path");
        String cacheDir = r.string("experiment.cache-dir", "a path");
        List<Resolved<RunListenerFactory>> listeners = r.componentList(ComponentKind.RUN_LISTENER, "experiment.listeners", Set.of());
        Integer parallelism = r.positive("experiment.parallelism");
        Boolean checkpoints = r.bool("experiment.checkpoints");
        Duration interval = r.get("experiment.checkpoint-interval", () -> r.merged().getDuration("experiment.checkpoint-interval"),
                "a duration such as 5m, 90s or 0");
        if (interval != null && interval.isNegative()) {
            r.problem("experiment.checkpoint-interval", "expected a duration >= 0, found " + interval);
        }
        if (r.problemCount() > before) {
            return null;
        }
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < seedCount; i++) {
            seeds.add(seed + i);
        }
        // Outputs and caches are relative to the working directory; data paths to the configuration file.
        return new ExperimentSection(name, List.copyOf(seeds), Path.of(outputDir).toAbsolutePath().resolve(name).normalize(),
                Path.of(cacheDir).toAbsolutePath().normalize(), List.copyOf(listeners), parallelism, checkpoints, interval);
    }

    /** @param c the effective configuration so far @return it with the listener blocks written out in full */
    Config writeInto(Config c) {
        return c.withValue("experiment.listeners", ComponentBlocks.blocks(listeners));
    }
}
