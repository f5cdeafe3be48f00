package io.deepbootstrap.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import com.typesafe.config.ConfigValueFactory;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.core.checkpoint.CheckpointPolicy;
import io.deepbootstrap.core.checkpoint.RunPersistence;
import io.deepbootstrap.core.settings.ExecutionSection;
import io.deepbootstrap.core.execution.SweepEngine;
import io.deepbootstrap.core.execution.SweepJob;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.result.RunRecord;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a prepared experiment on a sweep engine: builds the job workers rebuild the experiment from, hands it
 * to the engine, and passes every record that comes back to the same result writing as a local run (all
 * records so far, in planned order), with one progress line per finished run and the sweep's ETA. Like a local
 * run, it keeps the runs an earlier process finished (their records in the results folder) and records each
 * run as it finishes, so that a sweep started again continues; runs save checkpoints where the local run would.
 */
final class EngineSweep {
    private static final Logger LOG = LoggerFactory.getLogger(EngineSweep.class);

    private final SweepEngine engine;
    private final ExecutionSection execution;
    private final PrintStream progress;

    /** @param engine the engine @param execution its settings @param progress where progress lines go */
    EngineSweep(SweepEngine engine, ExecutionSection execution, PrintStream progress) {
        this.engine = engine;
        this.execution = execution;
        this.progress = progress;
    }

    /**
     * Runs the sweep, then closes the engine.
     *
     * @param settings the experiment
     * @param prepared the experiment as validated and prepared here (its planned runs)
     * @param pluginDirs the plugin folders this process loaded
     * @param persistence runs finished earlier (kept, not handed to the engine), where each finished run is
     *     recorded, and the runs' checkpoint folder and interval (executors must reach that folder)
     * @param afterEachRun called with all records finished so far, in planned order: once before training if
     *     runs finished earlier, then after each run
     * @return all records, in planned order
     */
    List<RunRecord> run(ExperimentSettings settings, ExperimentRunner.Prepared prepared, List<Path> pluginDirs,
                        RunPersistence persistence, Consumer<List<RunRecord>> afterEachRun) {
        try (SweepEngine closing = engine) {
            return sweep(settings, prepared, pluginDirs, persistence, afterEachRun);
        }
    }

    private List<RunRecord> sweep(ExperimentSettings settings, ExperimentRunner.Prepared prepared, List<Path> pluginDirs,
                                  RunPersistence persistence, Consumer<List<RunRecord>> afterEachRun) {
        List<RunId> planned = prepared.plannedRuns();
        Map<RunId, RunRecord> done = new HashMap<>();
        List<RunId> todo = new ArrayList<>();
        for (RunId id : planned) {
            persistence.finishedBefore(id).ifPresentOrElse(r -> done.put(id, r), () -> todo.add(id));
        }
        if (!done.isEmpty()) {
            LOG.info("{} of {} runs finished earlier and are kept", done.size(), planned.size());
            afterEachRun.accept(inPlannedOrder(planned, done));
        }
        if (todo.isEmpty()) {
            return inPlannedOrder(planned, done);
        }
        SweepJob job = job(settings, todo, pluginDirs, execution, persistence.checkpoints());
        SweepProgress eta = new SweepProgress(planned.size(), done.size());
        Consumer<RunRecord> finished = record -> {
            if (done.putIfAbsent(record.id(), record) != null) {
                return;
            }
            persistence.finished(record);
            progress.println(eta.line(record));
            progress.flush();
            afterEachRun.accept(inPlannedOrder(planned, done));
        };
        // real-world runs first, then the ideal-world runs, each evaluated at its cell's T_stops as well
        List<RunId> reals = todo.stream().filter(id -> id.world() == World.REAL).toList();
        List<RunId> ideals = todo.stream().filter(id -> id.world() == World.IDEAL).toList();
        if (!reals.isEmpty()) {
            engine.run(job.with(reals, Map.of()), finished);
        }
        List<RunRecord> realRecords = inPlannedOrder(planned, done);
        Map<String, List<Integer>> stops = new HashMap<>();
        ideals.forEach(id -> stops.put(id.label(), prepared.stopSteps(id, realRecords)));
        if (!ideals.isEmpty()) {
            engine.run(job.with(ideals, stops), finished);
        }
        return inPlannedOrder(planned, done);
    }

    /**
     * The job: the driver's merged configuration with output and cache folders made absolute, and the native
     * threads of every run limited to the task's cores ({@code training.threads} 0 = all cores becomes
     * {@code task-cpus}, and no architecture's {@code threads} exceeds it). With checkpoints, runs save them in
     * the policy's folder (which executors must reach at the same path: a shared file system), so that a retried
     * task continues its run.
     *
     * @param settings the experiment
     * @param runs the runs to train
     * @param pluginDirs the plugin folders this process loaded
     * @param execution the execution settings
     * @param checkpoints the runs' checkpoint folder and interval, or null for none
     * @return the job
     */
    static SweepJob job(ExperimentSettings settings, List<RunId> runs, List<Path> pluginDirs, ExecutionSection execution,
                        CheckpointPolicy checkpoints) {
        int cpus = execution.taskCpus();
        int threads = settings.training().threads();
        Config shipped = settings.merged()
                .withValue("experiment.output-dir", ConfigValueFactory.fromAnyRef(settings.experiment().outputDirectory().getParent().toString()))
                .withValue("experiment.cache-dir", ConfigValueFactory.fromAnyRef(settings.experiment().cacheDirectory().toString()))
                .withValue("training.threads", ConfigValueFactory.fromAnyRef(threads == 0 ? cpus : Math.min(threads, cpus)));
        if (shipped.getValue("architectures").valueType() == ConfigValueType.LIST) {
            List<? extends ConfigObject> entries = shipped.getObjectList("architectures");
            List<ConfigValue> limited = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                int own = i < settings.architectures().size() ? settings.architectures().get(i).threads() : 0;
                limited.add(entries.get(i).withValue("threads", ConfigValueFactory.fromAnyRef(own == 0 ? cpus : Math.min(own, cpus))));
            }
            shipped = shipped.withValue("architectures", ConfigValueFactory.fromIterable(limited));
        }
        String configuration = shipped.root().render(ConfigRenderOptions.concise());
        return new SweepJob(UUID.randomUUID().toString(), settings.experiment().name(), configuration,
                settings.baseDirectory().toAbsolutePath().toString(),
                pluginDirs.stream().map(p -> p.toAbsolutePath().toString()).toList(), runs, execution,
                checkpoints == null ? "" : checkpoints.directory().toAbsolutePath().toString(),
                checkpoints == null ? Duration.ZERO : checkpoints.interval());
    }

    private static List<RunRecord> inPlannedOrder(List<RunId> planned, Map<RunId, RunRecord> done) {
        return planned.stream().map(done::get).filter(Objects::nonNull).toList();
    }
}
