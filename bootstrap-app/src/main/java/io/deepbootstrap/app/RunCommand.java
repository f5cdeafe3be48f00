package io.deepbootstrap.app;

import com.typesafe.config.ConfigUtil;
import io.deepbootstrap.app.execution.SweepEngines;
import io.deepbootstrap.core.settings.ExecutionSection;
import io.deepbootstrap.core.execution.SweepFailure;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.checkpoint.CheckpointPolicy;
import io.deepbootstrap.core.checkpoint.ExperimentStopped;
import io.deepbootstrap.core.checkpoint.FinishedRuns;
import io.deepbootstrap.core.checkpoint.RunPersistence;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.experiment.BroadcastListener;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.experiment.ProcessMemory;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.settings.OutputFolder;
import io.deepbootstrap.app.report.ExperimentReport;
import io.deepbootstrap.app.report.SummaryTable;
import io.deepbootstrap.core.result.ExperimentResults;
import io.deepbootstrap.core.result.RunRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs an experiment and writes its results. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run an experiment (the default experiment without CONFIG) and write curves, summary and plots.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "HOCON experiment file (default: the default experiment).")
    Path config;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show progress bars on a terminal (default: on; off prints a line per evaluation).")
    boolean progress;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train the runs as Apache Spark tasks on MASTER: local[N] (in this process), spark://HOST:7077 "
                    + "(a standalone cluster); sets execution.engine = spark and execution.master.")
    String sparkMaster;

    @Option(names = "--fresh",
            description = "Start over: move the results folder's old content aside to a timestamped sibling folder "
                    + "(default: resume a folder of the same configuration, refuse one of another).")
    boolean fresh;

    @Option(names = "--keep-checkpoints",
            description = "Keep the checkpoints of finished runs (default: removed once a run has finished).")
    boolean keepCheckpoints;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** SIGTERM / Ctrl-C while this command runs. */
    private StopSignals signals;

    @Override
    public Integer call() throws IOException {
        if (sparkMaster != null) {
            options.overrides.put("execution.engine", "spark");
            options.overrides.put("execution.master", ConfigUtil.quoteString(sparkMaster));
        }
        try (StopSignals signals = StopSignals.install(spec.commandLine().getErr())) {
            this.signals = signals;
            return load();
        }
    }

    private int load() throws IOException {
        signals.phase("loading the configuration, the plugins, the data and the components (before training)",
                "nothing was trained yet and nothing written" + (fresh ? "" : " (earlier results, if any, are untouched)"));
        ExperimentLoader.Loaded loaded = ExperimentLoader.loadForResults(config, options, spec.commandLine().getErr());
        ExperimentSettings s = loaded.settings();
        PrintWriter out = spec.commandLine().getOut();
        try (loaded) {
            // components and data first: nothing is created when they fail
            ExperimentRunner.Prepared prepared = loaded.app().get(ExperimentRunner.Prepared.class);
            Path dir = s.experiment().outputDirectory();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw OutputFolder.cannotCreate(s, e);
            }
            try (ResultsLock lock = ResultsLock.acquire(dir, w -> spec.commandLine().getErr().println("warning: " + w))) {
                // until a run takes its first step there is nothing to checkpoint: a signal still exits at once
                signals.phase("preparing the first run (its data split and initial weights, before any training step)",
                        "nothing was trained in this process; runs finished earlier stay recorded in " + dir.resolve(RUNS));
                signals.releaseOnExit(lock);
                return train(s, prepared, loaded, out);
            }
        }
    }

    /** Trains and reports, holding the results folder's lock. */
    private int train(ExperimentSettings s, ExperimentRunner.Prepared prepared, ExperimentLoader.Loaded loaded, PrintWriter out)
            throws IOException {
        Path dir = s.experiment().outputDirectory();
        ExecutionSection execution = s.execution();
        ResultsFolder.Outcome folder = ResultsFolder.prepare(s, fresh, List.of(ResultsLock.FILE_NAME));
        if (folder.movedTo() != null) {
            out.println("--fresh: the previous results were moved to " + folder.movedTo());
        }
        RunPersistence persistence = persistence(s, signals::requested);
        if (folder.state() == ResultsFolder.State.RESUMED) {
            out.println(resumeLine(prepared.plannedRuns(), persistence, dir));
        }
        int runs = prepared.plannedRuns().size();
        out.printf("%s: %d runs (T = %d, B = %d, data %s %s), results in %s%n", s.experiment().name(), runs, s.training().steps(), s.training().batchSize(),
                s.data().source().type(), prepared.data().inputShape(), dir);
        out.flush();
        boolean interactive = progress && System.console() != null;
        ProgressListener progressBars = new ProgressListener(System.err, interactive && s.experiment().parallelism() == 1, runs);
        // from the first training step on, a signal saves checkpoints and the result files before exiting
        RunListener deferStops = new RunListener() {
            @Override
            public void runStarted(RunId run, int totalSteps) {
                signals.deferStops();
            }
        };
        RunListener listener = new BroadcastListener(List.of(deferStops, progressBars));
        ExperimentReport report = loaded.app().get(ExperimentReport.class);
        AtomicInteger finished = new AtomicInteger();
        Consumer<List<RunRecord>> write = soFar -> {
            finished.set(soFar.size());
            report.afterRun(soFar);
        };
        List<RunRecord> records;
        if (execution.engine() == ExecutionSection.Engine.SPARK) {
            signals.deferStops();
            out.printf("training on Spark, master %s, %d core(s) per run%n", execution.master(), execution.taskCpus());
            out.flush();
            try {
                records = new EngineSweep(SweepEngines.load(execution), execution, System.err)
                        .run(s, prepared, loaded.app().pluginDirs(), persistence, write);
            } catch (SweepFailure e) {
                report.flush();
                spec.commandLine().getErr().println("error: " + e.getMessage() + " (finished runs are in " + dir + ")");
                return 1;
            }
        } else {
            try {
                records = prepared.run(listener, write, persistence);
                // the kernel's high-water mark (what GNU time reports) only covers the runs since the last one started
                LOG.info("peak RSS of this process over all runs: {}", ProcessMemory.format(ProcessMemory.processPeakBytes()));
            } catch (ExperimentStopped e) {
                out.flush();
                StopReport.lines(signals.signal(), e, finished.get(), runs, dir, StopReport.resumeCommand(runArguments()))
                        .forEach(spec.commandLine().getErr()::println);
                printCheckpoints(out, persistence);
                report.flush();
                unwritten(report, dir);
                return StopSignals.exitCode(signals.signal());
            }
        }
        ExperimentResults results = report.update(records);
        out.println();
        out.print(SummaryTable.render(results, s.evaluation().testSets().isEmpty() ? null : s.evaluation().testSets().get(0).name()));
        out.println("results: " + dir);
        printCheckpoints(out, persistence);
        if (unwritten(report, dir)) {
            return 1;
        }
        return records.stream().anyMatch(r -> r.status() == RunStatus.FAILED) ? 1 : 0;
    }

    /** Reports the result files that could not be written. @return whether there were any */
    private boolean unwritten(ExperimentReport report, Path dir) {
        List<String> failed = report.unwritten();
        if (failed.isEmpty()) {
            return false;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: these result files could not be written in " + dir + ":");
        failed.forEach(f -> err.println("  " + f));
        err.println("every finished run is recorded in " + dir.resolve(RUNS) + ": once the cause is fixed, run the same command "
                + "again to write them without training again: " + StopReport.resumeCommand(runArguments()));
        return true;
    }

    /** @return the arguments after {@code run} as given on the command line */
    private List<String> runArguments() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        int at = args.indexOf("run");
        return at >= 0 ? args.subList(at + 1, args.size()) : args;
    }

    /** Finished runs are recorded under {@code runs/}; checkpoints (if on) go to {@code checkpoints/}. */
    private RunPersistence persistence(ExperimentSettings s, java.util.function.BooleanSupplier stop) {
        Path dir = s.experiment().outputDirectory();
        CheckpointPolicy checkpoints = s.experiment().checkpoints()
                ? new CheckpointPolicy(dir.resolve(CHECKPOINTS), s.experiment().checkpointInterval(), keepCheckpoints) : null;
        return new RunPersistence(checkpoints, new FinishedRuns(dir.resolve(RUNS)), stop);
    }

    /** The folder of finished runs' records. */
    static final String RUNS = "runs";
    /** The folder of checkpoints. */
    static final String CHECKPOINTS = "checkpoints";

    /** @return e.g. "resuming ...: 3 of 6 runs finished earlier are kept, 1 continues from its checkpoint" */
    private static String resumeLine(List<RunId> planned, RunPersistence persistence, Path dir) {
        int finished = 0;
        int checkpointed = 0;
        for (RunId id : planned) {
            if (Files.exists(dir.resolve(RUNS).resolve(id.label() + ".json"))) {
                finished++;
            } else if (persistence.checkpoints() != null && Files.exists(persistence.checkpoints().file(id))) {
                checkpointed++;
            }
        }
        return String.format("resuming %s (same configuration): %d of %d runs finished earlier and are kept, %d continue%s "
                + "from %s", dir, finished, planned.size(), checkpointed, checkpointed == 1 ? "s" : "",
                checkpointed == 1 ? "its checkpoint" : "their checkpoints");
    }

    /** @return what happened to the checkpoints of finished runs, or "" if there were none */
    /** Prints what became of the finished runs' checkpoints, if anything did. */
    private static void printCheckpoints(PrintWriter out, RunPersistence persistence) {
        String line = checkpointsLine(persistence);
        if (!line.isEmpty()) {
            out.println(line);
        }
    }

    static String checkpointsLine(RunPersistence p) {
        if (p.removedCheckpoints() > 0) {
            return String.format("checkpoints of %d finished runs removed (%s; --keep-checkpoints keeps them)",
                    p.removedCheckpoints(), bytes(p.removedBytes()));
        }
        if (p.keptCheckpoints() > 0) {
            return String.format("checkpoints of %d finished runs kept in %s (%s)", p.keptCheckpoints(),
                    p.checkpoints().directory(), bytes(p.keptBytes()));
        }
        return "";
    }

    /** @return a size such as "12.3 MB" */
    static String bytes(long n) {
        if (n < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f kB", n / 1024.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f MB", n / (1024.0 * 1024.0));
    }
}
