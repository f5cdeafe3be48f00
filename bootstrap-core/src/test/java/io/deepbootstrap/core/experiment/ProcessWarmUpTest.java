package io.deepbootstrap.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.testing.Harness;
import io.deepbootstrap.core.testing.SoftmaxWithRunningMean;
import io.deepbootstrap.core.testing.TestComponents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process warm-up ({@code training.process-warm-up-steps}): a throwaway network trained before the first run,
 * which changes no number of the results, is no run, and is not built when turned off.
 */
class ProcessWarmUpTest {
    @TempDir
    Path dir;

    private static List<RunRecord> run(ExperimentSettings s, List<String> started) {
        try (ExperimentRunner.Prepared p = new ExperimentRunner(Harness.REGISTRY).prepare(s)) {
            return p.run(new RunListener() {
                @Override
                public void runStarted(RunId run, int totalSteps) {
                    started.add(run.label());
                }
            }, records -> { });
        }
    }

    @Test
    void resultsAreTheSameWithAndWithoutTheWarmUpAndItIsNoRun() throws Exception {
        String grid = """
                experiment { seeds = 2, parallelism = 2 }
                data.train-sizes = [40, 80]
                training.optimizer.momentum = 0.9
                architectures = [ { type = softmax-bn }, { type = softmax } ]
                """;
        ExperimentSettings on = Harness.settings(Files.createDirectories(dir.resolve("on")), grid);
        ExperimentSettings off = Harness.settings(Files.createDirectories(dir.resolve("off")),
                grid + "training.process-warm-up-steps = 0\n");
        assertThat(on.training().processWarmUpSteps()).as("on by default").isEqualTo(50);
        List<String> startedOn = Collections.synchronizedList(new ArrayList<>());
        List<String> startedOff = Collections.synchronizedList(new ArrayList<>());
        SoftmaxWithRunningMean.INITIAL.clear();
        List<RunRecord> withWarmUp = run(on, startedOn);
        int networksTrainedOn = SoftmaxWithRunningMean.INITIAL.size();
        SoftmaxWithRunningMean.INITIAL.clear();
        List<RunRecord> without = run(off, startedOff);
        int networksTrainedOff = SoftmaxWithRunningMean.INITIAL.size();

        assertThat(ExperimentResumeTest.comparable(withWarmUp)).isEqualTo(ExperimentResumeTest.comparable(without));
        assertThat(withWarmUp).hasSize(2 * 2 * 3); // seeds x architectures x (two real runs and one ideal run)
        assertThat(startedOn).as("the listener sees the planned runs only").containsExactlyInAnyOrderElementsOf(startedOff);
        assertThat(networksTrainedOn).as("one throwaway softmax-bn network more, trained before the runs")
                .isEqualTo(networksTrainedOff + 1);
    }

    @Test
    void turnedOffNoThrowawayNetworkIsBuilt() throws Exception {
        String probe = "architectures = [ { type = threads-probe, threads = 1 } ]\ndata.train-sizes = [40]\n";
        TestComponents.THREADS.clear();
        run(Harness.settings(Files.createDirectories(dir.resolve("off")), probe + "training.process-warm-up-steps = 0"),
                new ArrayList<>());
        assertThat(TestComponents.THREADS).as("the check in prepare, the real and the ideal world").hasSize(3);
        TestComponents.THREADS.clear();
        run(Harness.settings(Files.createDirectories(dir.resolve("on")), probe), new ArrayList<>());
        assertThat(TestComponents.THREADS).as("and the warm-up's network, with the runs' thread count").containsExactly(1, 1, 1, 1);
    }

    @Test
    void trainsTheStepsAskedOrAtLeastOneOnceTheTimeIsUp() throws Exception {
        ExperimentSettings s = Harness.settings(dir, "architectures = [ { type = softmax } ]");
        RunFactory runs = new RunFactory(s, List.of());
        InputShape shape = InputShape.vector(4);
        assertThat(ProcessWarmUp.train(runs, s, s.architectures().get(0), shape, 3, 7, Duration.ofHours(1))).isEqualTo(7);
        assertThat(ProcessWarmUp.train(runs, s, s.architectures().get(0), shape, 3, 7, Duration.ZERO)).isEqualTo(1);
    }
}
