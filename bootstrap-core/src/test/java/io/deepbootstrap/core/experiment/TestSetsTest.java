package io.deepbootstrap.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.core.config.ConfigError;
import com.fasterxml.jackson.databind.JsonNode;
import io.deepbootstrap.core.result.CurvesCsv;
import io.deepbootstrap.core.result.ExperimentResults;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.result.SummaryJson;
import io.deepbootstrap.core.result.TestSetMetrics;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.testing.Harness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluation.test-sets: several test sets evaluated in one run, and the configuration errors. */
class TestSetsTest {
    private static final String ONE_N = "data.train-sizes = [40]\n";
    private static final String SHIFTED = "{ type = blobs, separation = -3, name = shifted }";

    @TempDir
    Path dir;

    @Test
    void aRunWithTwoTestSetsEqualsTwoSingleTestSetRuns() throws Exception {
        List<RunRecord> both = run("evaluation.test-sets = [source, " + SHIFTED + "]");
        List<RunRecord> own = run("evaluation.test-sets = [source]");
        List<RunRecord> shifted = run("evaluation.test-sets = [" + SHIFTED + "]");
        List<RunRecord> legacy = run("");
        assertThat(both).hasSize(2); // real and ideal world
        for (int r = 0; r < both.size(); r++) {
            List<Evaluation> curve = both.get(r).curve();
            assertThat(curve).extracting(Evaluation::step).isEqualTo(steps(own.get(r))).isEqualTo(steps(shifted.get(r)));
            assertThat(both.get(r).initialization()).isEqualTo(own.get(r).initialization());
            for (int i = 0; i < curve.size(); i++) {
                Map<String, Double> test = curve.get(i).test();
                assertThat(TestSetMetrics.of(test, null)).isEqualTo(own.get(r).curve().get(i).test())
                        .isEqualTo(legacy.get(r).curve().get(i).test());
                assertThat(TestSetMetrics.of(test, "shifted")).isEqualTo(shifted.get(r).curve().get(i).test());
                assertThat(curve.get(i).train()).isEqualTo(own.get(r).curve().get(i).train())
                        .isEqualTo(shifted.get(r).curve().get(i).train());
                assertThat(test).containsOnlyKeys("error", "soft-error", "loss",
                        "shifted/error", "shifted/soft-error", "shifted/loss");
            }
        }
        Map<String, Double> last = both.get(1).curve().get(both.get(1).curve().size() - 1).test();
        assertThat(last.get("error")).isLessThan(0.25);
        assertThat(last.get("shifted/error")).isGreaterThan(0.6); // the class means moved to the opposite side
    }

    @Test
    void curvesAndSummaryCarryOneColumnGroupAndGapsPerFurtherSet() throws Exception {
        ExperimentSettings s = settings("evaluation.test-sets = [source, " + SHIFTED + "]");
        List<RunRecord> both = Harness.run(s);
        String header = CurvesCsv.render(both).lines().findFirst().orElseThrow();
        assertThat(header).startsWith("run,architecture,train_size,seed,augmentation,world,step,examples_seen,"
                + "test_error,test_soft_error,test_loss,train_error,train_soft_error,train_loss,learning_rate,elapsed_s,")
                .endsWith(",test_shifted/error,test_shifted/loss,test_shifted/soft_error");
        ExperimentResults results = ExperimentResults.of(both, s.evaluation().convergence());
        JsonNode summary = SummaryJson.toTree("t", results);
        assertThat(summary.get("further_test_sets").toString()).isEqualTo("[\"shifted\"]");
        JsonNode comparison = summary.get("comparisons").get(0);
        int tStop = comparison.get("t_stop").intValue();
        RunRecord realRun = both.stream().filter(r -> r.id().world() == World.REAL).findFirst().orElseThrow();
        RunRecord idealRun = both.stream().filter(r -> r.id().world() == World.IDEAL).findFirst().orElseThrow();
        Map<String, Double> real = at(realRun, tStop);
        Map<String, Double> ideal = at(idealRun, tStop);
        assertThat(comparison.get("gap_at_t_stop").get("shifted/soft_error").doubleValue())
                .isEqualTo(real.get("shifted/soft-error") - ideal.get("shifted/soft-error"));
        assertThat(comparison.get("gap_at_t_stop").get("soft_error").doubleValue())
                .isEqualTo(real.get("soft-error") - ideal.get("soft-error"));
        assertThat(comparison.get("at_t").get("ideal").get("test").get("shifted/error").doubleValue())
                .isEqualTo(at(idealRun, 200).get("shifted/error"));
        assertThat(summary.get("aggregates").get(0).get("converged").get("gap_at_t_stop").has("shifted/soft_error")).isTrue();

        JsonNode single = SummaryJson.toTree("t", ExperimentResults.of(run(""), s.evaluation().convergence()));
        assertThat(single.has("test_sets")).isFalse();
        assertThat(single.has("further_test_sets")).isFalse();
    }

    private static Map<String, Double> at(RunRecord run, int step) {
        return run.curve().stream().filter(e -> e.step() == step).findFirst().orElseThrow().test();
    }

    @Test
    void labelNoiseAppliesToTheDatasOwnTestSetNotToAnotherSources() throws Exception {
        // p = 0.5: the data's own test labels carry the noise floor; another source's (the same blobs, slightly
        // closer together) are clean, so its error stays low
        RunRecord ideal = run("training.label-noise = 0.5\n"
                + "evaluation.test-sets = [source, { type = blobs, separation = 2.9, name = other }]").get(1);
        Map<String, Double> last = ideal.curve().get(ideal.curve().size() - 1).test();
        assertThat(last.get("other/error")).isLessThan(0.35);
        assertThat(last.get("error")).isGreaterThan(last.get("other/error") + 0.2); // about p of the labels are wrong
    }

    @Test
    void aBlockEqualToTheDataIsTheDatasOwnTestSplit() throws Exception {
        RunRecord real = run("evaluation.test-sets = [source, { type = blobs, name = again }]").get(0);
        for (Evaluation e : real.curve()) {
            assertThat(TestSetMetrics.of(e.test(), "again")).isEqualTo(TestSetMetrics.of(e.test(), null));
        }
    }

    @Test
    void unknownKeyInATestSetBlockNamesKeyAndLine() {
        assertThatThrownBy(() -> settings("evaluation.test-sets = [source, { type = blobs, separaton = 2 }]"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:7: evaluation.test-sets[1].separaton: unknown key");
        assertThatThrownBy(() -> settings("evaluation.test-sets = [{ use = source, type = blobs }]"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:7: evaluation.test-sets[0].type: unknown key in a { use = source } test set");
        assertThatThrownBy(() -> settings("evaluation.test-sets = [{ use = train }]"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:7: evaluation.test-sets[0].use: expected \"source\"");
    }

    @Test
    void duplicateNamesAreRefused() {
        assertThatThrownBy(() -> settings("evaluation.test-sets = [source, { type = blobs, separation = 1, name = source }]"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:7: evaluation.test-sets[1].name: duplicate test set name 'source'"
                        + " (also evaluation.test-sets[0])");
        assertThatThrownBy(() -> settings("evaluation.test-sets = [blobs, blobs]"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("evaluation.test-sets[1].name: duplicate test set name 'blobs'");
    }

    @Test
    void badListsAndNamesAreRefused() {
        assertThatThrownBy(() -> settings("evaluation.test-sets = []"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:7: evaluation.test-sets: expected a non-empty list");
        assertThatThrownBy(() -> settings("evaluation.test-sets = [{ type = blobs, name = \"a/b\" }]"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:7: evaluation.test-sets[0].name: expected a name of letters");
        assertThatThrownBy(() -> settings("evaluation.test-sets = [{ type = nosuch }]"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("evaluation.test-sets[0].type");
        assertThatThrownBy(() -> settings("evaluation.test-sets = [source]\nevaluation.test-data = blobs"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("evaluation.test-sets: set evaluation.test-sets or evaluation.test-data");
    }

    @Test
    void aTestSetOfAnotherShapeNamesItsEntryAndLine() throws Exception {
        ExperimentSettings s = settings("evaluation.test-sets = [source,\n  { type = blobs, dimension = 7, name = wide }]");
        assertThatThrownBy(() -> new ExperimentRunner(Harness.REGISTRY).prepare(s).close())
                .isInstanceOf(ConfigError.class)
                .hasMessageEndingWith("experiment.conf:8: evaluation.test-sets[1]: blobs: 1x1x7 with 3 classes differs from the"
                        + " data's 1x1x4 with 3 classes");
        ExperimentSettings classes = settings("evaluation.test-sets = [{ type = blobs, classes = 4 }]");
        assertThatThrownBy(() -> new ExperimentRunner(Harness.REGISTRY).prepare(classes).close())
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("evaluation.test-sets[0]: blobs: 1x1x4 with 4 classes differs");
    }

    private ExperimentSettings settings(String extra) throws Exception {
        return Harness.settings(dir, ONE_N + extra);
    }

    private List<RunRecord> run(String extra) throws Exception {
        return Harness.run(settings(extra));
    }

    private static List<Integer> steps(RunRecord r) {
        return r.curve().stream().map(Evaluation::step).toList();
    }
}
