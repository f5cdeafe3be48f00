package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs trained at once ({@code experiment.parallelism}, one native thread each) give exactly the numbers of the
 * same runs trained one after the other, for the toolkit's networks: the concurrent mode of
 * {@code bench/compare-e2e.py} measures the same work as the sequential one.
 */
class ParallelRunsDeterminismTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mlp, hidden = [32, 32]", "cnn, channels = [4, 8], dense = 16"})
    void parallelRunsGiveTheNumbersOfSequentialRuns(String architecture) throws Exception {
        List<String> sequential = curves(architecture, 1);
        List<String> parallel = curves(architecture, 3);
        assertThat(sequential).hasSizeGreaterThanOrEqualTo(1 + 2 * 2 * 5); // header, 2 seeds x 2 worlds x 5+ evaluations
        assertThat(parallel).isEqualTo(sequential);
    }

    /** @return curves.csv without its wall-clock column, rows sorted (runs may finish in any order) */
    private List<String> curves(String architecture, int parallelism) throws Exception {
        Path out = dir.resolve("p" + parallelism);
        Path conf = dir.resolve("p" + parallelism + ".conf");
        Files.writeString(conf, """
                experiment { name = det, output-dir = "%s", seeds = 2, parallelism = %d, checkpoints = false }
                data { type = synthetic-images, image-size = 8, channels = 1, train-sizes = [64], test-size = 96 }
                training { steps = 40, batch-size = 16, threads = 1,
                  optimizer { type = sgd, learning-rate = 0.05, momentum = 0.9, nesterov = true } }
                evaluation { points = 5 }
                architectures = [ { type = %s } ]
                """.formatted(out.toString().replace("\\", "/"), parallelism, architecture));
        CliRunner.Result r = CliRunner.run("run", conf.toString(), "--no-progress");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("det").resolve("curves.csv"));
        int elapsed = Arrays.asList(lines.get(0).split(",")).indexOf("elapsed_s");
        assertThat(elapsed).isNotNegative();
        return lines.stream().map(l -> {
            List<String> cells = new java.util.ArrayList<>(Arrays.asList(l.split(",", -1)));
            cells.remove(elapsed);
            return String.join(",", cells);
        }).sorted().toList();
    }
}
