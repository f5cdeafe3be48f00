package io.deepbootstrap.app;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import io.deepbootstrap.app.execution.SweepEngines;
import io.deepbootstrap.core.settings.ExecutionSection;
import io.deepbootstrap.core.execution.SweepFailure;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.settings.OutputFolder;
import io.deepbootstrap.app.report.ExperimentReport;
import io.deepbootstrap.app.report.SummaryTable;
import io.deepbootstrap.core.result.AtomicFiles;
import io.deepbootstrap.core.result.ExperimentResults;
import io.deepbootstrap.core.result.RunRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs an experiment and writes its results. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run an experiment (the default experiment without CONFIG) and write curves, summary and plots.")
final class RunCommand implements Callable<Integer> {
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

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (sparkMaster != null) {
            options.overrides.put("execution.engine", "spark");
            options.overrides.put("execution.master", ConfigUtil.quoteString(sparkMaster));
        }
        ExperimentLoader.Loaded loaded = ExperimentLoader.loadForResults(config, options, spec.commandLine().getErr());
        ExperimentSettings s = loaded.settings();
        PrintWriter out = spec.commandLine().getOut();
        ExecutionSection execution = s.execution();
        try (loaded) {
            ExperimentRunner.Prepared prepared = loaded.app().get(ExperimentRunner.Prepared.class);
            Path dir = s.experiment().outputDirectory();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw OutputFolder.cannotCreate(s, e);
            }
            AtomicFiles.writeString(dir.resolve("config.conf"),
                    s.resolved().root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false)));
            int runs = prepared.plannedRuns().size();
            out.printf("%s: %d runs (T = %d, B = %d, data %s %s), results in %s%n", s.experiment().name(), runs, s.training().steps(), s.training().batchSize(),
                    s.data().source().type(), prepared.data().inputShape(), dir);
            out.flush();
            boolean interactive = progress && System.console() != null;
            ProgressListener progressBars = new ProgressListener(System.err, interactive && s.experiment().parallelism() == 1, runs);
            RunListener listener = progressBars;
            ExperimentReport report = loaded.app().get(ExperimentReport.class);
            Consumer<List<RunRecord>> write = soFar -> {
                try {
                    report.write(soFar);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            List<RunRecord> records;
            if (execution.engine() == ExecutionSection.Engine.SPARK) {
                out.printf("training on Spark, master %s, %d core(s) per run%n", execution.master(), execution.taskCpus());
                out.flush();
                try {
                    records = new EngineSweep(SweepEngines.load(execution), execution, System.err)
                            .run(s, prepared, loaded.app().pluginDirs(), write);
                } catch (SweepFailure e) {
                    spec.commandLine().getErr().println("error: " + e.getMessage() + " (finished runs are in " + dir + ")");
                    return 1;
                }
            } else {
                records = prepared.run(listener, write);
            }
            ExperimentResults results = report.write(records);
            out.println();
            out.print(SummaryTable.render(results));
            out.println("results: " + dir);
            return records.stream().anyMatch(r -> r.status() == RunStatus.FAILED) ? 1 : 0;
        }
    }
}
