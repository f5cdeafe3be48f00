package io.deepbootstrap.core.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryJsonTest {

    private static final double EPS = 1e-12;

    @TempDir
    Path dir;

    @Test
    void writesComparisonsAndAggregatesThatParseBack() throws IOException {
        List<RunRecord> runs = new ArrayList<>(List.of(ComparisonTest.realCnn(), ComparisonTest.idealCnn()));
        runs.addAll(SeedAggregationTest.threeSeeds());
        ExperimentResults results = ExperimentResults.of(runs, ConvergenceCriterion.DEFAULT);
        Path file = dir.resolve(SummaryJson.FILE_NAME);

        SummaryJson.write(file, "fashion-mnist-mlp-vs-cnn", results);

        String text = Files.readString(file);
        assertThat(text).contains("\n  \"experiment\" : \"fashion-mnist-mlp-vs-cnn\"");
        JsonNode root = new ObjectMapper().readTree(text);
        assertThat(root.path("convergence").path("criterion").asText()).isEqualTo("train-error");
        assertThat(root.path("convergence").path("threshold").asDouble()).isEqualTo(0.01);
        assertThat(root.path("runs")).hasSize(8);
        assertThat(root.path("runs").get(1).path("run").asText()).isEqualTo("cnn-s0-ideal");
        assertThat(root.path("runs").get(1).path("last_step").asInt()).isEqualTo(1000);

        JsonNode cnn = root.path("comparisons").get(0);
        assertThat(cnn.path("run").asText()).isEqualTo("cnn-n2000-s0-real");
        assertThat(cnn.path("ideal_run").asText()).isEqualTo("cnn-s0-ideal");
        assertThat(cnn.path("architecture").asText()).isEqualTo("cnn");
        assertThat(cnn.path("train_size").asInt()).isEqualTo(2000);
        assertThat(cnn.path("seed").asLong()).isZero();
        assertThat(cnn.path("augmentation").asText()).isEqualTo("none");
        assertThat(cnn.path("steps").asInt()).isEqualTo(1000);
        assertThat(cnn.path("batch_size").asInt()).isEqualTo(TestRuns.BATCH);
        assertThat(cnn.path("status").asText()).isEqualTo("ok");
        assertThat(cnn.path("message").asText()).isEmpty();
        assertThat(cnn.path("initialization").asText()).isEqualTo("scratch(seed=0)");
        assertThat(cnn.path("t_stop").asInt()).isEqualTo(100);
        assertThat(cnn.path("converged").asBoolean()).isTrue();
        assertThat(cnn.path("compared_steps").asInt()).isEqualTo(4);
        assertThat(cnn.path("max_abs_gap").path("soft_error").asDouble()).isCloseTo(0.08, within(EPS));
        assertThat(cnn.path("max_abs_gap").path("error").asDouble()).isCloseTo(0.10, within(EPS));
        assertThat(cnn.path("mean_abs_gap").path("loss").asDouble()).isCloseTo(13.95 / 99, within(EPS));
        assertThat(cnn.path("window").path("from_step").asInt()).isEqualTo(1);
        assertThat(cnn.path("window").path("to_step").asInt()).isEqualTo(100);
        assertThat(cnn.path("window").path("evaluated_steps").asInt()).isEqualTo(3);
        assertThat(cnn.path("gap_at_t_stop").path("soft_error").asDouble()).isCloseTo(0.08, within(EPS));
        JsonNode atTStop = cnn.path("at_t_stop");
        assertThat(atTStop.path("step").asInt()).isEqualTo(100);
        assertThat(atTStop.path("real").path("test").path("soft_error").asDouble()).isEqualTo(0.28);
        assertThat(atTStop.path("real").path("train").path("error").asDouble()).isEqualTo(0.005);
        assertThat(atTStop.path("ideal").path("test").path("soft_error").asDouble()).isEqualTo(0.20);
        JsonNode atT = cnn.path("at_t");
        assertThat(atT.path("step").asInt()).isEqualTo(1000);
        assertThat(atT.path("real").path("test").path("error").asDouble()).isEqualTo(0.25);
        assertThat(atT.path("real").path("train").path("loss").asDouble()).isEqualTo(0.005);
        assertThat(atT.path("ideal").path("test").path("soft_error").asDouble()).isEqualTo(0.08);
        assertThat(atT.path("ideal").has("train")).isFalse();
        assertThat(root.path("definitions").path("mean_abs_gap").asText()).contains("trapezoid");

        JsonNode neverConverged = root.path("comparisons").get(3);
        assertThat(neverConverged.path("run").asText()).isEqualTo("mlp-n1000-s2-real");
        assertThat(neverConverged.path("converged").asBoolean()).isFalse();
        assertThat(neverConverged.path("t_stop").isNull()).isTrue();
        assertThat(neverConverged.path("gap_at_t_stop").isNull()).isTrue();
        assertThat(neverConverged.path("at_t_stop").isNull()).isTrue();
        assertThat(neverConverged.path("window").path("to_step").asInt()).isEqualTo(100);

        assertThat(root.path("aggregates")).hasSize(2);
        JsonNode mlp = root.path("aggregates").get(1);
        assertThat(mlp.path("architecture").asText()).isEqualTo("mlp");
        assertThat(mlp.path("seeds").asInt()).isEqualTo(3);
        JsonNode realAtT = mlp.path("test_at_t").path("real").path("error");
        assertThat(realAtT.path("mean").asDouble()).isCloseTo(0.4, within(EPS));
        assertThat(realAtT.path("std").asDouble()).isCloseTo(0.1, within(EPS));
        assertThat(realAtT.path("n").asInt()).isEqualTo(3);
        JsonNode converged = mlp.path("converged");
        assertThat(converged.path("seeds").asInt()).isEqualTo(2);
        assertThat(converged.path("status").asText()).isEqualTo("ok");
        assertThat(converged.path("t_stop").path("mean").asDouble()).isCloseTo(55, within(EPS));
        assertThat(converged.path("t_stop").path("n").asInt()).isEqualTo(2);
        assertThat(converged.path("gap_at_t_stop").path("soft_error").path("mean").asDouble())
                .isCloseTo(0.1, within(EPS));
        assertThat(converged.path("mean_abs_gap").path("soft_error").path("mean").asDouble())
                .isCloseTo(0.0875, within(EPS));
        assertThat(converged.path("test_at_t_stop").path("ideal").path("soft_error").path("mean").asDouble())
                .isCloseTo(0.325, within(EPS));
        JsonNode notConverged = mlp.path("not_converged");
        assertThat(notConverged.path("seeds").asInt()).isEqualTo(1);
        assertThat(notConverged.path("max_abs_gap").path("soft_error").path("mean").asDouble())
                .isCloseTo(0.25, within(EPS));
        assertThat(notConverged.has("gap_at_t_stop")).isFalse();
    }

    @Test
    void nonFiniteAndMissingValuesAreNull() {
        RunRecord realOnly = TestRuns.realRun("mlp", 10, 0, 5,
                TestRuns.real(5, Double.NaN, 0.5, Double.POSITIVE_INFINITY, 0.5, 0.5, 0.5));

        JsonNode root = SummaryJson.toTree("x",
                ExperimentResults.of(List.of(realOnly), ConvergenceCriterion.DEFAULT));

        JsonNode c = root.path("comparisons").get(0);
        assertThat(c.path("status").asText()).isEqualTo("pending");
        assertThat(c.path("ideal_run").isNull()).isTrue();
        assertThat(c.path("at_t").path("ideal").isNull()).isTrue();
        assertThat(c.path("at_t").path("real").path("test").path("error").isNull()).isTrue();
        assertThat(c.path("at_t").path("real").path("test").path("loss").isNull()).isTrue();
        assertThat(c.path("at_t").path("real").path("test").path("soft_error").asDouble()).isEqualTo(0.5);
        assertThat(c.path("window").isNull()).isTrue();
        assertThat(c.path("max_abs_gap").isEmpty()).isTrue();
        JsonNode a = root.path("aggregates").get(0);
        assertThat(a.path("test_at_t").path("real").path("error").path("mean").isNull()).isTrue();
        assertThat(a.path("test_at_t").path("real").path("error").path("n").asInt()).isZero();
    }
}
