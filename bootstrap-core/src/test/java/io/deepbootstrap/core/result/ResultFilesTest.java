package io.deepbootstrap.core.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {

    @TempDir
    Path dir;

    @Test
    void rewritingAfterEveryRunKeepsTheFilesCompleteAndCurrent() throws IOException {
        Path experiment = dir.resolve("exp");
        RunRecord ideal = ComparisonTest.idealCnn();
        RunRecord real = ComparisonTest.realCnn();

        ResultFiles.write(experiment, "exp", ExperimentResults.of(List.of(ideal), ConvergenceCriterion.DEFAULT));
        assertThat(Files.readAllLines(experiment.resolve("curves.csv"))).hasSize(1 + 4);
        assertThat(new ObjectMapper().readTree(experiment.resolve("summary.json").toFile())
                .path("comparisons")).isEmpty();

        ResultFiles.write(experiment, "exp",
                ExperimentResults.of(List.of(ideal, real), ConvergenceCriterion.DEFAULT));
        assertThat(Files.readAllLines(experiment.resolve("curves.csv"))).hasSize(1 + 8);
        assertThat(new ObjectMapper().readTree(experiment.resolve("summary.json").toFile())
                .path("comparisons").get(0).path("t_stop").asInt()).isEqualTo(100);

        try (Stream<Path> files = Files.list(experiment)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("curves.csv", "summary.json", "timings.csv");
        }
    }
}
