package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    @TempDir
    Path dir;

    private CliRunner.Result tinyExperiment(String name, String learningRate) {
        return CliRunner.run("run", "--no-progress", "-Dexperiment.name=" + name, "-Dexperiment.output-dir=" + dir,
                "-Dtraining.steps=30", "-Ddata.test-size=200", "-Ddata.train-sizes=[100]", "-Devaluation.points=5",
                "-Darchitectures=[{type=mlp, hidden=[32]}]", "-Dtraining.optimizer.learning-rate=" + learningRate);
    }

    @Test
    void runWritesTheReportAndReportRebuildsItFromTheFilesAlone() throws Exception {
        CliRunner.Result run = tinyExperiment("tiny", "0.05");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path results = dir.resolve("tiny");
        Path report = results.resolve("report.html");
        String written = Files.readString(report);
        assertThat(written).contains("<title>tiny</title>", "href=\"config.conf\"", "href=\"environment.json\"");
        Files.delete(report);

        CliRunner.Result rebuilt = CliRunner.run("report", results.toString());

        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
        assertThat(rebuilt.out()).contains("report: " + report);
        assertThat(Files.readString(report)).isEqualTo(written);
    }

    @Test
    void severalDirectoriesMakeOneComparisonPage() {
        assertThat(tinyExperiment("a", "0.05").exitCode()).isZero();
        assertThat(tinyExperiment("b", "0.1").exitCode()).isZero();
        Path out = dir.resolve("a-vs-b.html");

        CliRunner.Result r = CliRunner.run("report", dir.resolve("a").toString(), dir.resolve("b").toString(),
                "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(out).content().contains("<title>Comparison: a vs b</title>",
                ">training.optimizer.learning-rate</td><td data-sort=\"0.05\">0.05</td><td data-sort=\"0.1\">0.1</td>");
    }

    @Test
    void directoryWithoutResultsExitsWithTwo() throws Exception {
        Files.createDirectories(dir.resolve("empty"));

        CliRunner.Result r = CliRunner.run("report", dir.resolve("empty").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: " + dir.resolve("empty") + ": no result files; expected curves.csv and "
                + "summary.json");
    }
}
