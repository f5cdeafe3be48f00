package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.execution.SweepJob;
import io.deepbootstrap.core.execution.WireFormat;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.result.RunRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void aWorkerRebuildsTheExperimentFromTheJobAndTrainsARunToTheDriversRecord() throws Exception {
        Path config = Files.writeString(dir.resolve("exp.conf"), """
                experiment { name = worker, seed = 5 }
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
            List<RunId> runs = prepared.plannedRuns();
            SweepJob job = EngineSweep.job(loaded.settings(), runs, loaded.app().pluginDirs(), loaded.settings().execution());
            SweepJob shipped = WireFormat.job(WireFormat.job(job)); // as an executor receives it
            RunId real = runs.get(1);
            RunRecord onWorker = new WorkerRunHost().run(shipped, real, -1);
            RunRecord onDriver = prepared.run(real, new RunListener() { });
            assertThat(onWorker.message()).isEmpty();
            assertThat(withoutTiming(onWorker)).isEqualTo(withoutTiming(onDriver));
        }
    }

    private static RunRecord withoutTiming(RunRecord r) {
        return new RunRecord(r.id(), r.status(), r.message(), r.steps(), r.batchSize(), r.initialization(),
                r.curve().stream().map(e -> new Evaluation(e.step(), e.examplesSeen(), e.learningRate(), 0, e.test(), e.train())).toList());
    }
}
