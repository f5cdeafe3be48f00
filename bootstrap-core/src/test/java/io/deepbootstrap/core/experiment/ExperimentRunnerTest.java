package io.deepbootstrap.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.testing.Harness;
import io.deepbootstrap.core.result.Comparison;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.RunRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentRunnerTest {
    @TempDir
    Path dir;

    private static List<Map<String, Double>> metrics(RunRecord r) {
        return r.curve().stream().map(Evaluation::test).toList();
    }

    @Test
    void bothWorldsLearnAndEveryPlannedRunIsRecorded() throws Exception {
        List<RunRecord> runs = Harness.run(Harness.settings(dir, ""));
        assertThat(runs).extracting(r -> r.id().label())
                .containsExactly("softmax-s0-ideal", "softmax-n40-s0-real", "softmax-n160-s0-real");
        for (RunRecord r : runs) {
            assertThat(r.status()).isEqualTo(RunStatus.OK);
            // the log-spaced grid, and T_stop (real world) or every real run's T_stop (ideal world)
            assertThat(r.curve()).extracting(Evaluation::step).containsSubsequence(1, 2, 5, 10, 21, 44, 94, 200).isSorted();
            Evaluation last = r.curve().get(r.curve().size() - 1);
            assertThat(last.test().get("error")).as(r.id().label()).isLessThan(0.25); // chance: 0.67
            assertThat(last.examplesSeen()).isEqualTo(200 * 16);
            if (r.id().world() == World.REAL) {
                assertThat(last.train()).containsKeys("error", "soft-error", "loss");
            } else {
                assertThat(last.train()).isEmpty();
            }
        }
        // the smaller train set is fitted better than the test set: a positive generalization gap
        Evaluation small = runs.get(1).curve().get(runs.get(1).curve().size() - 1);
        assertThat(small.train().get("loss")).isLessThan(small.test().get("loss"));
    }

    @Test
    void theIdealWorldIsEvaluatedAtEveryRealRunsTStopSoTheGapThereComparesTheSameStep() throws Exception {
        List<RunRecord> runs = Harness.run(Harness.settings(dir, ""));
        RunRecord ideal = runs.get(0);
        ConvergenceCriterion criterion = ConvergenceCriterion.DEFAULT;
        int located = 0;
        for (RunRecord real : runs.subList(1, runs.size())) {
            java.util.OptionalInt tStop = criterion.stopStep(real.curve());
            if (tStop.isEmpty()) {
                continue;
            }
            located++;
            int t = tStop.getAsInt();
            Evaluation r = real.curve().stream().filter(e -> e.step() == t).findFirst().orElseThrow();
            Evaluation i = ideal.curve().stream().filter(e -> e.step() == t).findFirst().orElseThrow();
            Comparison c = Comparison.of(real, ideal, criterion);
            assertThat(c.gapAtTStop().get("soft-error")).isEqualTo(r.test().get("soft-error") - i.test().get("soft-error"));
            assertThat(c.atTStop().orElseThrow().ideal()).isNotNull();
        }
        assertThat(located).as("real runs that converged").isPositive();
    }

    @Test
    void bothWorldsStartFromIdenticalWeights() throws Exception {
        List<RunRecord> runs = Harness.run(Harness.settings(dir, ""));
        assertThat(runs).extracting(RunRecord::initialization).allMatch(runs.get(0).initialization()::equals);
        assertThat(runs.get(0).initialization()).startsWith("scratch(weight-seed=");
    }

    @Test
    void sameConfigAndSeedGiveTheSameNumbers() throws Exception {
        List<RunRecord> a = Harness.run(Harness.settings(dir, "training.prefetch = 2"));
        List<RunRecord> b = Harness.run(Harness.settings(dir, "training.prefetch = 0"));
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(metrics(a.get(i))).isEqualTo(metrics(b.get(i)));
            assertThat(a.get(i).curve().stream().map(Evaluation::train).toList())
                    .isEqualTo(b.get(i).curve().stream().map(Evaluation::train).toList());
        }
        List<RunRecord> other = Harness.run(Harness.settings(dir, "experiment.seed = 1"));
        assertThat(metrics(other.get(0))).isNotEqualTo(metrics(a.get(0)));
    }

    @Test
    void divergedRunIsMarkedAndTheExperimentGoesOn() throws Exception {
        List<RunRecord> runs = Harness.run(Harness.settings(dir,
                "architectures = [ { type = nan-after, steps = 30 }, { type = softmax } ]\ndata.train-sizes = [40]"));
        assertThat(runs).hasSize(4);
        assertThat(runs.get(0).status()).isEqualTo(RunStatus.DIVERGED);
        assertThat(runs.get(0).message()).isEqualTo("training loss became NaN at step 31");
        assertThat(runs.get(0).curve()).extracting(Evaluation::step).containsExactly(1, 2, 5, 10, 21);
        assertThat(runs.get(2).status()).isEqualTo(RunStatus.OK);
        assertThat(runs.get(3).status()).isEqualTo(RunStatus.OK);
    }

    @Test
    void poolExperimentRunsWithoutReusingIdealExamples() throws Exception {
        List<RunRecord> runs = Harness.run(Harness.settings(dir,
                "data { type = array-pool, size = 5000, train-sizes = [100], test-size = 200 }\n"
                        + "training.optimizer.learning-rate = 1e-9"));
        assertThat(runs).extracting(RunRecord::status).containsOnly(RunStatus.OK);
    }

    @Test
    void seedsAndArchitectureLabelsFormTheGrid() throws Exception {
        List<RunRecord> runs = Harness.run(Harness.settings(dir,
                "experiment.seeds = 2\ndata.train-sizes = [40]\ntraining.steps = 20\n"
                        + "architectures = [ { type = softmax }, { type = softmax, name = lin } ]"));
        assertThat(runs).extracting(r -> r.id().label()).containsExactly(
                "softmax-s0-ideal", "softmax-n40-s0-real", "lin-s0-ideal", "lin-n40-s0-real",
                "softmax-s1-ideal", "softmax-n40-s1-real", "lin-s1-ideal", "lin-n40-s1-real");
    }

    @Test
    void aBugInCreateIsReportedWithItsTypeAndCauseWhileABadValueIsAConfigurationError() throws Exception {
        ExperimentSettings buggy = Harness.settings(dir, "evaluation.metrics = [error, soft-error, loss, { type = faulty, fault = npe }]");
        assertThatThrownBy(() -> new ExperimentRunner(Harness.REGISTRY).prepare(buggy))
                .isInstanceOf(ComponentFailure.class)
                .hasMessageStartingWith("evaluation.metrics[3] (faulty): io.deepbootstrap.core.testing.TestComponents$Faulty of the "
                        + "application failed in create() with an unexpected java.lang.NullPointerException")
                .hasCauseInstanceOf(NullPointerException.class);
        ExperimentSettings bad = Harness.settings(dir, "evaluation.metrics = [error, soft-error, loss, { type = faulty, fault = bad-value }]");
        assertThatThrownBy(() -> new ExperimentRunner(Harness.REGISTRY).prepare(bad))
                .isInstanceOf(ConfigError.class).hasMessageContaining("evaluation.metrics[3] (faulty): fault = bad-value is not allowed");
    }

    @Test
    void aComponentsValueErrorNamesTheUsersFileAndLineOfTheValue() throws Exception {
        ExperimentSettings bad = Harness.settings(dir, "evaluation.metrics = [error, soft-error, loss,\n  { type = faulty, fault = oom }]");
        assertThatThrownBy(() -> new ExperimentRunner(Harness.REGISTRY).prepare(bad))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining(dir.resolve("experiment.conf") + ":7: evaluation.metrics[3].fault: expected one of npe, bad-value, found 'oom'");
    }

    @Test
    void eachRunAloneInAnyOrderGivesTheRecordOfTheWholeExperiment() throws Exception {
        ExperimentSettings settings = Harness.settings(dir, "experiment.seeds = 2\ndata.train-sizes = [40]\ntraining.steps = 60");
        List<RunRecord> together = Harness.run(settings);
        List<RunRecord> alone = new java.util.ArrayList<>();
        try (ExperimentRunner.Prepared p = new ExperimentRunner(Harness.REGISTRY).prepare(settings)) {
            List<io.deepbootstrap.api.RunId> planned = new java.util.ArrayList<>(p.plannedRuns());
            java.util.Collections.reverse(planned);
            for (io.deepbootstrap.api.RunId id : planned) {
                alone.add(0, p.run(id, new io.deepbootstrap.api.run.RunListener() { }));
            }
            assertThatThrownBy(() -> p.run(new io.deepbootstrap.api.RunId("softmax", 7, 0, "none", World.REAL),
                    new io.deepbootstrap.api.run.RunListener() { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("run softmax-n7-s0-real is not planned by experiment 'test'");
        }
        assertThat(alone).extracting(r -> r.id()).containsExactlyElementsOf(together.stream().map(RunRecord::id).toList());
        for (int i = 0; i < together.size(); i++) {
            assertThat(metrics(alone.get(i))).as(together.get(i).id().label()).isEqualTo(metrics(together.get(i)));
            assertThat(alone.get(i).initialization()).isEqualTo(together.get(i).initialization());
        }
    }

    @Test
    void validatingCreatesTheRunListenersAwayFromTheResultsFolder() throws Exception {
        ExperimentSettings settings = Harness.settings(dir, "experiment.listeners = [ { type = marker } ]");
        Path results = settings.experiment().outputDirectory();
        ExperimentRunner runner = new ExperimentRunner(Harness.REGISTRY);
        try (ExperimentData data = ExperimentData.open(settings, Harness.REGISTRY)) {
            List<io.deepbootstrap.api.RunId> planned = runner.validate(settings, data, new DataSplits(settings, data));
            assertThat(planned).hasSize(3);
        }
        assertThat(results).doesNotExist();
        try (ExperimentRunner.Prepared prepared = runner.prepare(settings)) {
            assertThat(results.resolve("marker.txt")).hasContent("test");
        }
    }
}
