package io.deepbootstrap.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.testing.Harness;
import io.deepbootstrap.core.testing.TestComponents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run factory for the real world, the ideal world and pretraining; native threads through the context. */
class RunFactoryTest {
    @TempDir
    Path dir;

    @Test
    void threadsComeFromTheArchitectureOrTrainingAndAreCappedByTheCoresPerParallelRun() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        ExperimentSettings s = Harness.settings(dir,
                "architectures = [ { type = softmax, threads = 1 }, { type = softmax, name = all }, { type = softmax, name = big, threads = 64 } ]");
        RunFactory runs = new RunFactory(s, List.of());
        assertThat(s.architectures().stream().map(runs::nativeThreads).toList()).containsExactly(1, cores, cores);
        ExperimentSettings trainingWide = Harness.settings(dir, "training.threads = 1\narchitectures = [ { type = softmax } ]");
        assertThat(new RunFactory(trainingWide, List.of()).nativeThreads(trainingWide.architectures().get(0))).isEqualTo(1);
        ExperimentSettings parallel = Harness.settings(dir, "experiment.parallelism = " + (2 * cores) + "\narchitectures = [ { type = softmax } ]");
        assertThat(new RunFactory(parallel, List.of()).nativeThreads(parallel.architectures().get(0))).isEqualTo(1);
    }

    @Test
    void everyNetworkOfARunIncludingPretrainingGetsItsArchitecturesThreadsThroughItsContext() throws Exception {
        TestComponents.THREADS.clear();
        List<RunId> started = Collections.synchronizedList(new ArrayList<>());
        ExperimentSettings s = Harness.settings(dir, """
                architectures = [ { type = threads-probe, threads = 1 } ]
                data.train-sizes = [40]
                training.steps = 30
                pretraining { steps = 20, data = { type = blobs } }
                """);
        List<RunRecord> records;
        try (ExperimentRunner.Prepared p = new ExperimentRunner(Harness.REGISTRY).prepare(s)) {
            records = p.run(new RunListener() {
                @Override
                public void runStarted(RunId run, int totalSteps) {
                    started.add(run);
                }
            }, soFar -> { });
        }
        assertThat(records).extracting(RunRecord::status).containsOnly(RunStatus.OK);
        // the check in prepare, the process warm-up's throwaway network, the pretraining, the real and the ideal world
        // (trained after the real runs of its cell)
        assertThat(TestComponents.THREADS).containsExactly(1, 1, 1, 1, 1);
        assertThat(started).extracting(RunId::label).containsExactly("threads-probe-pretrain-s0", "threads-probe-n40-s0-real",
                "threads-probe-s0-ideal");
        assertThat(started.get(0).isPretraining()).isTrue();
        assertThat(records).allSatisfy(r -> assertThat(r.initialization()).startsWith("pretrained(source=blobs, 20 steps"));
    }
}
