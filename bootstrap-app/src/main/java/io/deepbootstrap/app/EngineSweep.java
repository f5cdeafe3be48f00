package io.deepbootstrap.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import com.typesafe.config.ConfigValueFactory;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.core.settings.ExecutionSection;
import io.deepbootstrap.core.execution.SweepEngine;
import io.deepbootstrap.core.execution.SweepJob;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.result.RunRecord;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs a prepared experiment on a sweep engine: builds the job workers rebuild the experiment from, hands it
 * to the engine, and passes every record that comes back to the same result writing as a local run (all
 * records so far, in planned order), with one progress line per finished run and the sweep's ETA.
 */
final class EngineSweep {
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
     * @param settings the experiment
     * @param prepared the experiment as validated and prepared here (its planned runs)
     * @param pluginDirs the plugin folders this process loaded
     * @param afterEachRun called with all records finished so far, in planned order, after each run
     * @return all records, in planned order
     */
    List<RunRecord> run(ExperimentSettings settings, ExperimentRunner.Prepared prepared, List<Path> pluginDirs,
                        Consumer<List<RunRecord>> afterEachRun) {
        List<RunId> planned = prepared.plannedRuns();
        SweepJob job = job(settings, planned, pluginDirs, execution);
        Map<RunId, RunRecord> done = new HashMap<>();
        long start = System.nanoTime();
        Consumer<RunRecord> finished = record -> {
            if (done.putIfAbsent(record.id(), record) != null) {
                return;
            }
            progress.println(line(record, done.size(), planned.size(), (System.nanoTime() - start) / 1e9));
            progress.flush();
            afterEachRun.accept(inPlannedOrder(planned, done));
        };
        // real-world runs first, then the ideal-world runs, each evaluated at its cell's T_stops as well
        List<RunId> reals = planned.stream().filter(id -> id.world() == World.REAL).toList();
        List<RunId> ideals = planned.stream().filter(id -> id.world() == World.IDEAL).toList();
        engine.run(job.with(reals, Map.of()), finished);
        List<RunRecord> realRecords = inPlannedOrder(planned, done);
        Map<String, List<Integer>> stops = new HashMap<>();
        ideals.forEach(id -> stops.put(id.label(), prepared.stopSteps(id, realRecords)));
        engine.run(job.with(ideals, stops), finished);
        return inPlannedOrder(planned, done);
    }

    /**
     * The job: the driver's merged configuration with output and cache folders made absolute, and the native
     * threads of every run limited to the task's cores ({@code training.threads} 0 = all cores becomes
     * {@code task-cpus}, and no architecture's {@code threads} exceeds it). With {@code experiment.checkpoints}
     * on, runs save checkpoints to the results folder's {@code checkpoints/} (which executors must reach at the same
     * path: a shared file system), so that a retried task continues its run.
     */
    static SweepJob job(ExperimentSettings settings, List<RunId> planned, List<Path> pluginDirs, ExecutionSection execution) {
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
        String checkpoints = settings.experiment().checkpoints()
                ? settings.experiment().outputDirectory().resolve(RunCommand.CHECKPOINTS).toAbsolutePath().toString() : "";
        return new SweepJob(UUID.randomUUID().toString(), settings.experiment().name(), configuration,
                settings.baseDirectory().toAbsolutePath().toString(),
                pluginDirs.stream().map(p -> p.toAbsolutePath().toString()).toList(), planned, execution, checkpoints,
                settings.experiment().checkpointInterval());
    }

    static String line(RunRecord record, int finished, int total, double elapsedSeconds) {
        double trained = record.curve().isEmpty() ? 0 : record.curve().get(record.curve().size() - 1).elapsedSeconds();
        double eta = finished >= total ? 0 : elapsedSeconds / finished * (total - finished);
        String status = record.status().id() + (record.message().isEmpty() ? "" : " (" + record.message() + ")");
        return String.format(Locale.ROOT, "[%d/%d] %s %s, %.1f s training; sweep %s elapsed, ETA %s", finished, total,
                record.id().label(), status, trained, duration(elapsedSeconds), finished >= total ? "done" : duration(eta));
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    private static List<RunRecord> inPlannedOrder(List<RunId> planned, Map<RunId, RunRecord> done) {
        return planned.stream().map(done::get).filter(Objects::nonNull).toList();
    }
}
