package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.checkpoint.CheckpointPolicy;
import io.deepbootstrap.core.execution.SweepJob;
import io.deepbootstrap.core.execution.WireFormat;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.result.RunRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker side of a sweep, in this JVM but without the driver's prepared experiment: it rebuilds the
 * experiment from the job as an executor does and must train a run to the same record as the driver would.
 */
class WorkerRunHostTest {
    @TempDir
    Path dir;

    private final ConfigOptions options = new ConfigOptions();

    private static final String CONFIG = """
            experiment { name = worker, seed = 5 }
            data { type = synthetic-images, image-size = 8, train-sizes = [64], test-size = 64 }
            training { steps = 12, batch-size = 16, threads = 1 }
            evaluation { points = 3, batch-size = 64 }
            architectures = [ { type = mlp, hidden = [16], threads = 1 } ]
            execution { engine = spark, master = "spark://nowhere:7077" }
            """;

    @Test
    void aWorkerRebuildsTheExperimentFromTheJobAndTrainsARunToTheDriversRecord() throws Exception {
        try (Driver driver = driver()) {
            RunId real = driver.runs().get(1);
            RunRecord onWorker = new WorkerRunHost().run(driver.shipped(), real, -1);
            RunRecord onDriver = driver.prepared().run(real, new RunListener() { });
            assertThat(onWorker.message()).isEmpty();
            assertThat(withoutTiming(onWorker)).isEqualTo(withoutTiming(onDriver));
        }
    }

    @Test
    void aRetriedAttemptContinuesFromTheCheckpointOfTheAttemptThatDied() throws Exception {
        try (Driver driver = driver()) {
            SweepJob job = driver.shipped();
            assertThat(job.checkpointDirectory()).isEqualTo(dir.resolve("out").resolve("worker").resolve("checkpoints").toString());
            RunId real = driver.runs().get(1);
            WorkerRunHost host = new WorkerRunHost();
            assertThatThrownBy(() -> host.run(job, real, -1, new RunListener() {
                @Override
                public void stepCompleted(RunId run, int step, double trainLoss) {
                    if (step == 7) {
                        throw new ExecutorDied(); // not an exception a run catches: the attempt ends here, as on SIGKILL
                    }
                }
            })).isInstanceOf(ExecutorDied.class);
            Path checkpoint = Path.of(job.checkpointDirectory()).resolve(real.label() + ".ckpt");
            assertThat(checkpoint).as("checkpoint of the dead attempt").exists();

            List<Integer> steps = new ArrayList<>();
            RunRecord retried = host.run(job, real, -1, new RunListener() {
                @Override
                public void stepCompleted(RunId run, int step, double trainLoss) {
                    steps.add(step);
                }
            });
            // evaluations at steps 1, 3, 12: the last checkpoint before step 7 is the one after step 3
            assertThat(steps).as("steps the retried attempt trained").startsWith(4).endsWith(12).hasSize(9);
            assertThat(checkpoint).as("a finished run's checkpoint is removed").doesNotExist();
            RunRecord onDriver = driver.prepared().run(real, new RunListener() { });
            assertThat(withoutTiming(retried)).isEqualTo(withoutTiming(onDriver));
        }
    }

    /** Thrown by a listener to end an attempt the way a killed executor does: no record, no clean-up. */
    private static final class ExecutorDied extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** The driver's side: the loaded experiment, its prepared runs and the job as an executor receives it. */
    private record Driver(ExperimentLoader.Loaded loaded, ExperimentRunner.Prepared prepared, List<RunId> runs, SweepJob shipped)
            implements AutoCloseable {
        @Override
        public void close() {
            prepared.close();
            loaded.close();
        }
    }

    private Driver driver() throws Exception {
        Path config = Files.writeString(dir.resolve("exp.conf"), CONFIG);
        options.overrides.put("experiment.output-dir", "\"" + dir.resolve("out") + "\"");
        ExperimentLoader.Loaded loaded = ExperimentLoader.load(config, options, new PrintWriter(new StringWriter()));
        ExperimentRunner.Prepared prepared = new ExperimentRunner(loaded.app().registry()).prepare(loaded.settings());
        List<RunId> runs = prepared.plannedRuns();
        CheckpointPolicy checkpoints = new CheckpointPolicy(loaded.settings().experiment().outputDirectory().resolve(RunCommand.CHECKPOINTS),
                loaded.settings().experiment().checkpointInterval(), false);
        SweepJob job = EngineSweep.job(loaded.settings(), runs, loaded.app().pluginDirs(), loaded.settings().execution(), checkpoints);
        return new Driver(loaded, prepared, runs, WireFormat.job(WireFormat.job(job))); // as an executor receives it
    }

    private static RunRecord withoutTiming(RunRecord r) {
        return new RunRecord(r.id(), r.status(), r.message(), r.steps(), r.batchSize(), r.initialization(),
                r.curve().stream().map(e -> new Evaluation(e.step(), e.examplesSeen(), e.learningRate(), 0, e.test(), e.train())).toList());
    }
}
