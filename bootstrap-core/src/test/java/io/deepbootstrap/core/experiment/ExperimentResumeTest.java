package io.deepbootstrap.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.checkpoint.CheckpointPolicy;
import io.deepbootstrap.core.checkpoint.ExperimentStopped;
import io.deepbootstrap.core.checkpoint.FinishedRuns;
import io.deepbootstrap.core.checkpoint.RunPersistence;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.testing.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment stopped in the middle of a run and started again on the same folder keeps its finished runs,
 * continues the stopped one from its checkpoint, and ends with exactly the records of an uninterrupted
 * experiment (timings apart).
 */
class ExperimentResumeTest {
    @TempDir
    Path dir;

    /** Everything of a record but its timings. */
    static List<Object> comparable(RunRecord r) {
        List<Object> out = new ArrayList<>(List.of(r.id(), r.status(), r.message(), r.steps(), r.batchSize(), r.initialization()));
        for (Evaluation e : r.curve()) {
            out.add(List.of(e.step(), e.examplesSeen(), e.learningRate(), e.test(), e.train()));
        }
        return out;
    }

    /** @param records run records @return everything of them but their timings */
    static List<List<Object>> comparable(List<RunRecord> records) {
        return records.stream().map(ExperimentResumeTest::comparable).toList();
    }

    /** Says stop once it has been asked {@code after} times (the trainer asks after every step). */
    private static BooleanSupplier stopAfter(int after) {
        AtomicInteger asked = new AtomicInteger();
        return () -> asked.incrementAndGet() > after;
    }

    private static RunPersistence persistence(ExperimentSettings s, BooleanSupplier stop, boolean keep) {
        Path out = s.experiment().outputDirectory();
        return new RunPersistence(new CheckpointPolicy(out.resolve("checkpoints"), Duration.ZERO, keep),
                new FinishedRuns(out.resolve("runs")), stop);
    }

    /** Runs the experiment; records which runs were started and the file lists handed to the result writer. */
    private static List<RunRecord> run(ExperimentSettings s, RunPersistence p, List<String> started) {
        try (ExperimentRunner.Prepared prepared = new ExperimentRunner(Harness.REGISTRY).prepare(s)) {
            return prepared.run(new RunListener() {
                @Override
                public void runStarted(RunId run, int totalSteps) {
                    started.add(run.label());
                }
            }, records -> { }, p);
        }
    }

    private static List<String> files(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private List<RunRecord> uninterrupted(String extra) throws Exception {
        Path whole = Files.createDirectories(dir.resolve("whole"));
        return Harness.run(Harness.settings(whole, extra));
    }

    @Test
    void stoppedInTheSecondRunThenResumedEqualsTheUninterruptedExperiment() throws Exception {
        // two test sets: the checkpointed curve carries the further set's metrics too
        String extra = "training.optimizer.momentum = 0.9\n"
                + "evaluation.test-sets = [source, { type = blobs, separation = -3, name = shifted }]";
        List<RunRecord> expected = uninterrupted(extra);
        assertThat(expected.get(1).curve()).allSatisfy(e -> assertThat(e.test()).containsKeys("soft-error", "shifted/soft-error"));
        ExperimentSettings s = Harness.settings(Files.createDirectories(dir.resolve("stopped")), extra);
        Path out = s.experiment().outputDirectory();

        List<String> started = new ArrayList<>();
        // asked before each run starts, and by the trainer after each of steps 1..199 of a run's 200:
        // 200 times for the first run, then once before the second and after its steps 1..73
        ExperimentStopped stop = org.junit.jupiter.api.Assertions.assertThrows(ExperimentStopped.class,
                () -> run(s, persistence(s, stopAfter(200 + 1 + 72), false), started));
        assertThat(stop.runs()).singleElement().satisfies(r -> {
            assertThat(r.run().label()).isEqualTo("softmax-n160-s0-real");
            assertThat(r.step()).isEqualTo(73);
            assertThat(r.saved()).isTrue();
        });
        // a cell's real runs train before its ideal run, which is evaluated at their T_stops
        assertThat(started).containsExactly("softmax-n40-s0-real", "softmax-n160-s0-real");
        assertThat(files(out.resolve("runs"))).containsExactly("softmax-n40-s0-real.json");
        assertThat(files(out.resolve("checkpoints"))).containsExactly("softmax-n160-s0-real.ckpt");
        byte[] firstRecord = Files.readAllBytes(out.resolve("runs/softmax-n40-s0-real.json"));

        started.clear();
        RunPersistence resume = persistence(s, () -> false, false);
        List<RunRecord> resumed = run(s, resume, started);
        assertThat(started).as("the finished run is not trained again").containsExactly("softmax-n160-s0-real", "softmax-s0-ideal");
        assertThat(comparable(resumed)).isEqualTo(comparable(expected));
        assertThat(Files.readAllBytes(out.resolve("runs/softmax-n40-s0-real.json"))).isEqualTo(firstRecord);
        assertThat(files(out.resolve("runs"))).hasSize(3);
        assertThat(files(out.resolve("checkpoints"))).as("checkpoints of finished runs are removed").isEmpty();
        assertThat(resume.removedCheckpoints()).isEqualTo(2);
        assertThat(resume.removedBytes()).isPositive();

        started.clear();
        assertThat(comparable(run(s, persistence(s, () -> false, false), started))).isEqualTo(comparable(expected));
        assertThat(started).as("a finished experiment trains nothing").isEmpty();
    }

    @Test
    void aStopBetweenTwoRunsLeavesNoCheckpointAndKeptCheckpointsAreReported() throws Exception {
        List<RunRecord> expected = uninterrupted("");
        ExperimentSettings s = Harness.settings(Files.createDirectories(dir.resolve("stopped")), "");
        ExperimentStopped stop = org.junit.jupiter.api.Assertions.assertThrows(ExperimentStopped.class,
                () -> run(s, persistence(s, stopAfter(200), true), new ArrayList<>()));
        assertThat(stop.runs()).isEmpty();
        RunPersistence keep = persistence(s, () -> false, true);
        assertThat(comparable(run(s, keep, new ArrayList<>()))).isEqualTo(comparable(expected));
        assertThat(files(s.experiment().outputDirectory().resolve("checkpoints")))
                .containsExactly("softmax-n160-s0-real.ckpt", "softmax-n40-s0-real.ckpt", "softmax-s0-ideal.ckpt");
        assertThat(keep.keptCheckpoints()).isEqualTo(2);
    }

    @Test
    void pretrainingStoppedAndResumedThenItsWeightsAreLoadedNotPretrainedAgain() throws Exception {
        // worlds one after the other, so that the stop lands in the real run alone (the paired case:
        // WorldPairingTest.aPairStoppedAfterItsPretrainingResumesWithTheSavedWeights)
        String extra = "pretraining { steps = 50, data = { type = blobs, separation = 1.5 } }\ndata.train-sizes = [40]\n"
                + "training.pair-worlds = false";
        List<RunRecord> expected = uninterrupted(extra);
        ExperimentSettings s = Harness.settings(Files.createDirectories(dir.resolve("stopped")), extra);
        List<String> started = new ArrayList<>();
        assertThatThrownBy(() -> run(s, persistence(s, stopAfter(20), false), started)).isInstanceOf(ExperimentStopped.class);
        assertThat(started).containsExactly("softmax-pretrain-s0");

        started.clear();
        // stops in the real run, after the pretraining (29 more steps) has finished
        assertThatThrownBy(() -> run(s, persistence(s, stopAfter(29 + 100), false), started)).isInstanceOf(ExperimentStopped.class);
        assertThat(started).containsExactly("softmax-pretrain-s0", "softmax-n40-s0-real");
        assertThat(files(s.experiment().outputDirectory().resolve("pretrained"))).containsExactly("softmax-s0.net");

        started.clear();
        List<RunRecord> resumed = run(s, persistence(s, () -> false, false), started);
        assertThat(started).as("pretrained weights are loaded, not pretrained again").containsExactly("softmax-n40-s0-real",
                "softmax-s0-ideal");
        assertThat(comparable(resumed)).isEqualTo(comparable(expected));
    }

    @Test
    void concurrentRunsAllSaveCheckpointsWhenStoppedAndResumeToTheSameNumbers() throws Exception {
        String extra = "experiment.parallelism = 3\ndata.train-sizes = [40, 80, 160]";
        List<RunRecord> expected = uninterrupted(extra);
        ExperimentSettings s = Harness.settings(Files.createDirectories(dir.resolve("stopped")), extra);
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        ExperimentStopped stop = org.junit.jupiter.api.Assertions.assertThrows(ExperimentStopped.class,
                () -> run(s, persistence(s, stopAfter(150), false), started));
        assertThat(stop.runs()).isNotEmpty().allSatisfy(r -> assertThat(r.saved()).isTrue());
        assertThat(files(s.experiment().outputDirectory().resolve("checkpoints"))).hasSize(stop.runs().size());
        assertThat(comparable(run(s, persistence(s, () -> false, false), new ArrayList<>()))).isEqualTo(comparable(expected));
    }
}
