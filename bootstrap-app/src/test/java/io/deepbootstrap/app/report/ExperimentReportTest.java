package io.deepbootstrap.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.ExperimentResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReportTest {

    /** Left in place for a look at what a report contains. */
    private static final Path SAMPLE = Paths.get("target", "report-sample");

    @Test
    void writesDataFilesAndPlotsAndCanBeCalledAgain() throws IOException {
        ExperimentResults first = ExperimentReport.write(SAMPLE, "synthetic", SyntheticExperiment.runs(1),
                ConvergenceCriterion.DEFAULT);
        assertThat(first.comparisons()).hasSize(2);

        ExperimentResults second = ExperimentReport.write(SAMPLE, "synthetic", SyntheticExperiment.runs(3),
                ConvergenceCriterion.DEFAULT);

        assertThat(second.comparisons()).hasSize(6);
        assertThat(Files.readAllLines(SAMPLE.resolve("curves.csv"))).hasSize(1 + 12 * SyntheticExperiment.STEPS.length);
        try (Stream<Path> files = Files.list(SAMPLE)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "curves.csv", "decomposition.csv", "decomposition.png", "environment.json",
                    "plot-error-n2000.png", "plot-soft-error-n2000.png", "report.html", "summary.json", "timings.csv");
        }
        assertThat(SummaryTable.render(second)).startsWith("architecture");
        assertThat(Files.readString(SAMPLE.resolve("environment.json")))
                .as("the BLAS library is recorded: another BLAS gives slightly different numbers")
                .containsPattern("\"backend\" : \"CPU \\(nd4j-native.*BLAS OPENBLAS: .*OpenBLAS");
    }

    @Test
    void betweenRunsTheFiguresWaitForTheirIntervalAndFlushWritesThem(@TempDir Path dir) throws IOException {
        ExperimentReport report = ExperimentReport.start(dir, "synthetic", ConvergenceCriterion.DEFAULT);

        report.afterRun(SyntheticExperiment.runs(1)); // right after the start: data files only

        assertThat(dir.resolve("curves.csv")).exists();
        assertThat(dir.resolve("summary.json")).exists();
        assertThat(dir.resolve("environment.json")).exists();
        assertThat(dir.resolve("plot-soft-error-n2000.png")).doesNotExist();
        assertThat(dir.resolve("report.html")).doesNotExist();

        report.flush();

        assertThat(dir.resolve("plot-soft-error-n2000.png")).exists();
        assertThat(dir.resolve("decomposition.png")).exists();
        assertThat(dir.resolve("report.html")).exists();
        Files.delete(dir.resolve("report.html"));
        report.flush(); // nothing left for later: nothing written again
        assertThat(dir.resolve("report.html")).doesNotExist();

        report.update(SyntheticExperiment.runs(3));
        assertThat(dir.resolve("report.html")).exists();
        assertThat(Files.readAllLines(dir.resolve("curves.csv"))).hasSize(1 + 12 * SyntheticExperiment.STEPS.length);
    }
}
