package io.deepbootstrap.core.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.experiment.ExperimentRunner;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.result.RunTiming;
import io.deepbootstrap.core.settings.ExecutionSection;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.testing.Harness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WireFormatTest {
    @TempDir
    Path dir;

    @Test
    void recordsOfARealExperimentReadBackEqual() throws Exception {
        ExperimentSettings settings = Harness.settings(dir, "");
        List<RunRecord> records = Harness.run(settings);
        assertThat(records).hasSize(3);
        for (RunRecord r : records) {
            assertThat(r.curve()).isNotEmpty();
            assertThat(r.timing().steps()).as("steps measured").isPositive();
            assertThat(WireFormat.record(WireFormat.record(r))).isEqualTo(r);
        }
    }

    @Test
    void aRecordWithoutTimingReadsAsNotMeasured() {
        RunRecord timed = new RunRecord(new RunId("mlp", 0, 7, "none", World.IDEAL), RunStatus.OK, "", 10, 32,
                "scratch(seed=1)", List.of(new Evaluation(10, 320, 0.1, 0.25, Map.of("error", 0.5), Map.of())),
                new RunTiming(10, 0.125, 0.25, 0.0625, 1, 0.5));
        String json = WireFormat.record(timed);
        assertThat(WireFormat.record(json)).isEqualTo(timed);
        String older = json.replaceAll(",\\s*\"timing\"\\s*:\\s*\\{[^}]*\\}", ""); // a record written before timings were kept
        assertThat(older).doesNotContain("timing");
        assertThat(WireFormat.record(older)).isEqualTo(timed.withTiming(RunTiming.NONE));
        assertThat(WireFormat.record(WireFormat.record(timed.withTiming(RunTiming.NONE)))).isEqualTo(timed.withTiming(RunTiming.NONE));
    }

    @Test
    void recordsWithSeveralTestSetsReadBackEqual() throws Exception {
        ExperimentSettings settings = Harness.settings(dir, "data.train-sizes = [40]\n"
                + "evaluation.test-sets = [source, { type = blobs, separation = -3, name = shifted }]");
        List<RunRecord> records = Harness.run(settings);
        assertThat(records).hasSize(2);
        for (RunRecord r : records) {
            assertThat(r.curve()).allSatisfy(e -> assertThat(e.test()).containsKeys("error", "shifted/error"));
            assertThat(WireFormat.record(WireFormat.record(r))).isEqualTo(r);
        }
    }

    @Test
    void numbersThatAreNotFiniteAndEmptyTrainMetricsSurvive() {
        RunRecord diverged = new RunRecord(new RunId("mlp", 0, 7, "random-crop", World.IDEAL), RunStatus.DIVERGED,
                "loss NaN at step 3", 10, 32, "scratch(seed=1)", List.of(
                new Evaluation(1, 32, 0.1, 0.25, Map.of("error", 0.9, "loss", Double.POSITIVE_INFINITY), Map.of()),
                new Evaluation(3, 96, 1e-300, 0.5, Map.of("error", Double.NaN, "loss", -0.0), Map.of())));
        assertThat(WireFormat.record(WireFormat.record(diverged))).isEqualTo(diverged);
    }

    @Test
    void jobsReadBackEqual() {
        SweepJob job = new SweepJob("id-1", "exp", "{\"a\":1}", "/data/base", List.of("/p1", "/p2"),
                List.of(new RunId("cnn", 2000, 3, "none", World.REAL), new RunId("cnn", 0, 3, "none", World.IDEAL)),
                new ExecutionSection(ExecutionSection.Engine.SPARK, "spark://h:7077", 2, 5, "INFO", Map.of("spark.executor.memory", "4g")),
                "/shared/results/exp/checkpoints", java.time.Duration.ofSeconds(90));
        assertThat(WireFormat.job(WireFormat.job(job))).isEqualTo(job);
    }

    @Test
    void aDocumentWithoutAFieldIsRefusedNamingIt() {
        assertThatThrownBy(() -> WireFormat.runId("{\"architecture\":\"mlp\",\"seed\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("wire format: missing field 'train_size'");
        assertThatThrownBy(() -> WireFormat.record("not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("wire format: not valid JSON");
    }

    @Test
    void oneRunAtATimeInAnyOrderGivesTheSequentialRunsRecords() throws Exception {
        ExperimentSettings settings = Harness.settings(dir, "experiment.seeds = 2");
        List<RunRecord> sequential = Harness.run(settings);
        List<RunRecord> oneByOne = new ArrayList<>();
        try (ExperimentRunner.Prepared p = new ExperimentRunner(Harness.REGISTRY).prepare(settings)) {
            List<RunId> reversed = new ArrayList<>(p.plannedRuns());
            java.util.Collections.reverse(reversed);
            for (RunId id : reversed) {
                oneByOne.add(0, p.run(id, new io.deepbootstrap.api.run.RunListener() { }));
            }
        }
        assertThat(withoutTiming(oneByOne)).isEqualTo(withoutTiming(sequential));
    }

    private static List<RunRecord> withoutTiming(List<RunRecord> records) {
        return records.stream().map(r -> new RunRecord(r.id(), r.status(), r.message(), r.steps(), r.batchSize(), r.initialization(),
                r.curve().stream().map(e -> new Evaluation(e.step(), e.examplesSeen(), e.learningRate(), 0, e.test(), e.train())).toList()))
                .toList();
    }
}
