package io.deepbootstrap.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** The JSON the page's script reads. */
    static JsonNode data(String html) throws IOException {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("report-data element").isTrue();
        return MAPPER.readTree(m.group(1));
    }

    @Test
    void reportHasEveryMetricWithSeedBandsAndTStopAndIsSelfContained() throws IOException {
        ExperimentReport.write(dir, "synthetic", SyntheticExperiment.runs(3), ConvergenceCriterion.DEFAULT);
        String html = read(dir.resolve(HtmlReport.FILE_NAME));

        JsonNode sections = data(html).get("sections");
        assertThat(sections).extracting(s -> s.get("metric").asText()).containsExactly("soft-error", "error", "loss");
        JsonNode chart = sections.get(0).get("charts").get(0);
        assertThat(chart.get("title").asText()).isEqualTo("soft-error: N = 2000");
        List<String> labels = new ArrayList<>();
        chart.get("series").forEach(s -> labels.add(s.get("label").asText() + "|" + s.get("style").asText()));
        assertThat(labels).contains("mlp real (test), mean of 3 seeds|solid", "mlp ideal (test), mean of 3 seeds|dashed",
                "mlp real (train), mean of 3 seeds|dotted", "mlp real max over seeds|band-upper",
                "mlp real min over seeds|band-lower", "cnn ideal (test), mean of 3 seeds|dashed");
        assertThat(labels).anyMatch(l -> l.startsWith("mlp T_stop = ") && l.endsWith("|marker"));

        // the mean and band of the real MLP at step 100 are those of the three seeds' curves
        int at = indexOf(chart.get("x"), 100);
        double[] seeds = new double[3];
        for (int s = 0; s < 3; s++) {
            seeds[s] = SyntheticExperiment.run("mlp", s, World.REAL, 2000).curve().get(6).test().get("soft-error");
        }
        assertThat(series(chart, "mlp real (test), mean of 3 seeds").get(at).asDouble())
                .isCloseTo((seeds[0] + seeds[1] + seeds[2]) / 3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(series(chart, "mlp real max over seeds").get(at).asDouble())
                .isEqualTo(Math.max(seeds[0], Math.max(seeds[1], seeds[2])));

        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
        assertThat(html).doesNotContainPattern("<(link|img|iframe)\\b").doesNotContainPattern("\\ssrc=");
        assertThat(html).contains("<table class=\"sortable\" id=\"summary\">", "href=\"curves.csv\"",
                "href=\"summary.json\"", "uPlot 1.6.30");
    }

    private static JsonNode series(JsonNode chart, String label) {
        for (JsonNode s : chart.get("series")) {
            if (s.get("label").asText().equals(label)) {
                return s.get("values");
            }
        }
        throw new AssertionError("no series " + label);
    }

    private static int indexOf(JsonNode x, double step) {
        for (int i = 0; i < x.size(); i++) {
            if (x.get(i).asDouble() == step) {
                return i;
            }
        }
        throw new AssertionError("no step " + step);
    }

    @Test
    void scriptTagsInExperimentNameAndArchitectureLabelAreEscaped() throws IOException {
        String name = "<script>alert('name')</script>";
        String arch = "</script><script>alert(\"arch\")</script><!--";
        List<RunRecord> runs = List.of(SyntheticExperiment.run("mlp", 0, World.REAL, 2000),
                SyntheticExperiment.run("mlp", 0, World.IDEAL, 0));
        List<RunRecord> renamed = runs.stream().map(r -> new RunRecord(new RunId(arch, r.id().trainSize(),
                r.id().seed(), "none", r.id().world()), r.status(), r.message(), r.steps(), r.batchSize(),
                r.initialization(), r.curve())).toList();
        ExperimentReport.write(dir, name, renamed, ConvergenceCriterion.DEFAULT);
        Files.writeString(dir.resolve("config.conf"), "experiment { name = \"" + name.replace("\"", "\\\"") + "\" }\n");
        HtmlReport.write(dir);
        String html = read(dir.resolve(HtmlReport.FILE_NAME));

        assertThat(html).doesNotContain("alert('name')</script>").doesNotContain("<script>alert");
        assertThat(Pattern.compile("<script").matcher(html).results().count()).isEqualTo(3);
        assertThat(html).contains("<title>&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;</title>");
        // the escaped JSON still carries the label unchanged
        JsonNode chart = data(html).get("sections").get(0).get("charts").get(0);
        assertThat(chart.get("series").get(0).get("label").asText()).startsWith(arch + " real (test)");
        assertThat(html).contains("<td data-sort=\"&lt;/script&gt;&lt;script&gt;alert(&quot;arch&quot;)");
    }

    @Test
    void fortyRunsWithTwentyEvaluationsStayUnderTwoMegabytes() throws IOException {
        List<RunRecord> runs = new ArrayList<>();
        for (int seed = 0; seed < 4; seed++) {
            for (String arch : List.of("mlp", "cnn", "resnet", "vit", "vgg")) {
                runs.add(run(arch, seed, World.IDEAL, 0, 20));
                for (int n : new int[] {500, 2000, 8000}) {
                    if (runs.size() < 40) {
                        runs.add(run(arch, seed, World.REAL, n, 20));
                    }
                }
            }
        }
        ExperimentReport.write(dir, "forty", runs.subList(0, 40), ConvergenceCriterion.DEFAULT);

        assertThat(Files.size(dir.resolve(HtmlReport.FILE_NAME))).isLessThanOrEqualTo(2L * 1024 * 1024);
    }

    /** A run with an extra plugin metric (ece) and {@code evaluations} log-spaced steps up to 10,000. */
    static RunRecord run(String arch, long seed, World world, int n, int evaluations) {
        List<Evaluation> curve = new ArrayList<>();
        for (int i = 0; i < evaluations; i++) {
            int step = (int) Math.round(Math.pow(10_000, i / (double) (evaluations - 1)));
            double v = 0.9 / (1 + step / 300.0) + 0.01 * seed + (world == World.REAL ? 1e-5 * n : 0);
            curve.add(new Evaluation(step, step * 64L, 0.1, step * 0.01,
                    java.util.Map.of("error", v * 0.8, "soft-error", v, "loss", 2 * v, "ece", v / 10),
                    world == World.REAL ? java.util.Map.of("error", v / 2, "soft-error", v / 2, "loss", v) : java.util.Map.of()));
        }
        return new RunRecord(new RunId(arch, n, seed, "none", world), RunStatus.OK, "", 10_000, 64, "scratch", curve);
    }

    @Test
    void decompositionFiguresComeFromTheSummary() throws IOException {
        ExperimentReport.write(dir, "choices", SyntheticExperiment.runs(3), ConvergenceCriterion.DEFAULT);
        String html = read(dir.resolve(HtmlReport.FILE_NAME));
        JsonNode summary = MAPPER.readTree(dir.resolve("summary.json").toFile()).get("decomposition");

        JsonNode charts = data(html).get("decomposition");
        assertThat(charts).extracting(c -> c.get("kind").asText()).containsExactly("bars", "scatter");
        JsonNode bars = charts.get(0);
        assertThat(bars.get("title").asText()).startsWith("choices: test soft-error at T_stop, real = ideal + gap ("
                + "Kendall's tau");
        for (int i = 0; i < summary.get("choices").size(); i++) {
            JsonNode choice = summary.get("choices").get(i);
            assertThat(bars.get("labels").get(i).asText()).isEqualTo(choice.get("choice").asText());
            assertThat(series(bars, "ideal world at T_stop").get(i).asDouble())
                    .isEqualTo(choice.get("ideal").get("mean").asDouble());
            assertThat(series(bars, "gap = real - ideal").get(i).asDouble())
                    .isEqualTo(choice.get("gap").get("mean").asDouble());
        }
        JsonNode scatter = charts.get(1);
        assertThat(scatter.get("x")).hasSize(6); // 2 choices x 3 seeds
        assertThat(series(scatter, "y = x")).isEqualTo(scatter.get("x"));
        assertThat(html).contains("<h2>Decomposition: real at T_stop = ideal at T_stop + gap</h2>",
                "<table class=\"sortable\" id=\"decomposition\">");
    }

    @Test
    void pluginMetricsGetTheirOwnCharts() throws IOException {
        ExperimentReport.write(dir, "ece", List.of(run("mlp", 0, World.REAL, 500, 8), run("mlp", 0, World.IDEAL, 0, 8)),
                ConvergenceCriterion.DEFAULT);
        JsonNode sections = data(read(dir.resolve(HtmlReport.FILE_NAME))).get("sections");
        assertThat(sections).extracting(s -> s.get("metric").asText()).containsExactly("soft-error", "error", "loss", "ece");
    }

    @Test
    void interruptedExperimentWithOnlyCurvesIsReported() throws IOException {
        ExperimentReport.write(dir, "partial", SyntheticExperiment.runs(1), ConvergenceCriterion.DEFAULT);
        Files.delete(dir.resolve("summary.json"));
        Files.delete(dir.resolve("environment.json"));
        Files.delete(dir.resolve(HtmlReport.FILE_NAME));

        HtmlReport.write(dir);

        String html = read(dir.resolve(HtmlReport.FILE_NAME));
        assertThat(data(html).get("sections")).hasSize(3);
        assertThat(html).contains("no environment.json", "none yet");
    }

    @Test
    void directoryWithoutResultsIsAClearError() throws IOException {
        assertThatThrownBy(() -> HtmlReport.write(dir)).isInstanceOf(ConfigError.class)
                .hasMessageContaining(dir + ": no result files; expected curves.csv and summary.json");
        Files.writeString(dir.resolve("config.conf"), "experiment { name = x }\n");
        assertThatThrownBy(() -> HtmlReport.write(dir)).isInstanceOf(ConfigError.class)
                .hasMessageContaining("only config.conf: no run of this experiment has finished yet");
        assertThatThrownBy(() -> HtmlReport.write(dir.resolve("missing"))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("missing: not a directory");
    }

    @Test
    void truncatedCurvesFileNamesFileAndLine() throws IOException {
        ExperimentReport.write(dir, "cut", SyntheticExperiment.runs(1), ConvergenceCriterion.DEFAULT);
        String csv = read(dir.resolve("curves.csv"));
        Files.writeString(dir.resolve("curves.csv"), csv.substring(0, csv.indexOf('\n', csv.length() / 2) + 10));

        assertThatThrownBy(() -> HtmlReport.write(dir)).isInstanceOf(ConfigError.class)
                .hasMessageMatching(".*curves\\.csv:\\d+: \\d+ fields, expected 16 as in the header");
    }

    @Test
    void comparisonPageColoursExperimentsAndListsConfigDifferences() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        ExperimentReport.write(a, "lr-0.1", SyntheticExperiment.runs(1), ConvergenceCriterion.DEFAULT);
        ExperimentReport.write(b, "lr-0.05", SyntheticExperiment.runs(2), ConvergenceCriterion.DEFAULT);
        Files.writeString(a.resolve("config.conf"), "experiment { name = lr-0.1 }\ntraining { steps = 5000, "
                + "optimizer { learning-rate = 0.1 } }\n");
        Files.writeString(b.resolve("config.conf"), "experiment { name = lr-0.05 }\ntraining { steps = 5000, "
                + "optimizer { learning-rate = 0.05, nesterov = true } }\n");
        Path out = dir.resolve("cmp/compare.html");

        HtmlReport.write(List.of(a, b), out);

        String html = read(out);
        JsonNode chart = data(html).get("sections").get(0).get("charts").get(0);
        assertThat(chart.get("title").asText()).isEqualTo("soft-error: mlp, N = 2000");
        assertThat(series(chart, "lr-0.1 real (test)").get(0).isNumber()).isTrue();
        assertThat(series(chart, "lr-0.05 real (test), mean of 2 seeds").get(0).isNumber()).isTrue();
        String colorA = chart.get("series").get(0).get("color").asText();
        assertThat(chart.get("series")).filteredOn(s -> s.get("label").asText().startsWith("lr-0.05"))
                .allMatch(s -> !s.get("color").asText().equals(colorA));
        assertThat(html).contains("<td data-sort=\"training.optimizer.learning-rate\">training.optimizer.learning-rate"
                + "</td><td data-sort=\"0.1\">0.1</td><td data-sort=\"0.05\">0.05</td>");
        assertThat(html).contains(">training.optimizer.nesterov</td><td data-sort=\"(absent)\">(absent)</td>"
                + "<td data-sort=\"true\">true</td>");
        assertThat(html).doesNotContain(">training.steps<");
        assertThat(html).contains("href=\"../a/curves.csv\"", "href=\"../b/summary.json\"");
    }
}
