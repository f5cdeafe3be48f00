package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.checkpoint.CheckpointPolicy;
import io.deepbootstrap.core.checkpoint.FinishedRuns;
import io.deepbootstrap.core.checkpoint.RunPersistence;
import io.deepbootstrap.core.execution.SweepEngine;
import io.deepbootstrap.core.execution.SweepJob;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.result.RunRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's side of a sweep engine, with an engine that hands back made-up records at once: runs finished
 * by an earlier process are kept and not handed to the engine, every record that comes back is recorded,
 * duplicates (a retried task) are ignored, runs get the results folder's checkpoint folder, and each finished
 * run prints one progress line.
 */
class EngineSweepTest {
    @TempDir
    Path dir;

    @Test
    void runsFinishedEarlierAreKeptAndTheOthersGoToTheEngineAndAreRecorded() throws Exception {
        Path config = Files.writeString(dir.resolve("exp.conf"), """
                experiment { name = engine, seed = 5, seeds = 2 }
                data { type = synthetic-images, image-size = 8, train-sizes = [64], test-size = 64 }
                training { steps = 12, batch-size = 16, threads = 1 }
                evaluation { points = 3, batch-size = 64 }
                architectures = [ { type = mlp, hidden = [16], threads = 1 } ]
                execution { engine = spark, master = "spark://nowhere:7077" }
                """);
        ConfigOptions options = new ConfigOptions();
        options.overrides.put("experiment.output-dir", "\"" + dir.resolve("out") + "\"");
        try (ExperimentLoader.Loaded loaded = ExperimentLoader.load(config, options, new PrintWriter(new StringWriter()));
             ExperimentRunner.Prepared prepared = new ExperimentRunner(loaded.app().registry()).prepare(loaded.settings())) {
            List<RunId> planned = prepared.plannedRuns();
            assertThat(planned).hasSize(4);
            Path results = loaded.settings().experiment().outputDirectory();
            FinishedRuns finished = new FinishedRuns(results.resolve("runs"));
            finished.save(record(planned.get(2), 9));
            RunPersistence persistence = new RunPersistence(new CheckpointPolicy(results.resolve("checkpoints"),
                    Duration.ofSeconds(90), false), finished, () -> false);
            List<SweepJob> jobs = new ArrayList<>();
            SweepEngine engine = new SweepEngine() {
                @Override
                public String name() {
                    return "fake";
                }

                @Override
                public void run(SweepJob job, Consumer<RunRecord> done) {
                    jobs.add(job);
                    for (int i = job.runs().size() - 1; i >= 0; i--) { // finishing in another order than planned
                        done.accept(record(job.runs().get(i), 1));
                    }
                    done.accept(record(job.runs().get(0), 1)); // a task that ran twice: delivered once
                }
            };
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            List<List<RunRecord>> written = new ArrayList<>();
            List<RunRecord> records = new EngineSweep(engine, loaded.settings().execution(), new PrintStream(lines, true, StandardCharsets.UTF_8))
                    .run(loaded.settings(), prepared, loaded.app().pluginDirs(), persistence, written::add);

            // the real-world runs first, then the ideal-world runs with their cells' T_stops (one job, same id)
            assertThat(jobs).hasSize(2).allSatisfy(job -> {
                assertThat(job.id()).isEqualTo(jobs.get(0).id());
                assertThat(job.checkpointDirectory()).isEqualTo(results.resolve("checkpoints").toString());
                assertThat(job.checkpointInterval()).isEqualTo(Duration.ofSeconds(90));
            });
            assertThat(jobs.get(0).runs()).containsExactly(planned.get(1), planned.get(3));
            assertThat(jobs.get(1).runs()).containsExactly(planned.get(0));
            assertThat(jobs.get(1).stopSteps()).containsOnlyKeys(planned.get(0).label());
            assertThat(records).extracting(RunRecord::id).containsExactlyElementsOf(planned);
            assertThat(records.get(2).steps()).as("the kept record, not a new one").isEqualTo(9);
            assertThat(written).extracting(List::size).containsExactly(1, 2, 3, 4);
            for (RunId id : planned) {
                assertThat(finished.find(id)).as("record of %s", id.label()).isPresent();
            }
            List<String> progress = lines.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(progress).hasSize(3);
            assertThat(progress.get(0)).startsWith("[2/4] " + planned.get(3).label() + " ok, 0.5 s training");
            assertThat(progress.get(2)).startsWith("[4/4] " + planned.get(0).label()).endsWith("ETA done");
        }
    }

    @Test
    void withoutCheckpointsTheJobNamesNoCheckpointFolder() throws Exception {
        Path config = Files.writeString(dir.resolve("exp.conf"), """
                experiment { name = engine }
                data { type = synthetic-images, image-size = 8, train-sizes = [64], test-size = 64 }
                architectures = [ { type = mlp, hidden = [16] } ]
                """);
        try (ExperimentLoader.Loaded loaded = ExperimentLoader.load(config, new ConfigOptions(), new PrintWriter(new StringWriter()))) {
            SweepJob job = EngineSweep.job(loaded.settings(), List.of(), List.of(), loaded.settings().execution(), null);
            assertThat(job.checkpoints()).isFalse();
            assertThat(job.checkpointDirectory()).isEmpty();
            assertThat(job.checkpointInterval()).isZero();
        }
    }

    private static RunRecord record(RunId id, int steps) {
        return new RunRecord(id, RunStatus.OK, "", steps, 16, "scratch", List.of(
                new Evaluation(steps, steps * 16L, 0.1, 0.5, Map.of("error", 0.5), Map.of())));
    }
}
