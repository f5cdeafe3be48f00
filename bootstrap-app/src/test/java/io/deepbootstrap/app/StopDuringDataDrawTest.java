package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: SIGTERM while a later run draws its data (the second seed's split, drawn after the first seed's runs have
 * trained) gives up the draw: the process takes no step of that run, writes no checkpoint for it, keeps the finished
 * runs, says so and exits 143; resuming then trains the rest, and the results equal those of an uninterrupted run.
 */
class StopDuringDataDrawTest {
    private static final Duration LIMIT = Duration.ofMinutes(4);

    @TempDir
    Path dir;

    /** Two seeds, each drawing 300,000 test images of 16x16 from the generator (seconds) before its first run. */
    private List<String> args(Path output) {
        return List.of("run", "--no-progress", "-Dexperiment.output-dir=" + output, "-Dexperiment.name=r", "-Dexperiment.seeds=2",
                "-Dtraining.steps=20", "-Devaluation.points=3", "-Darchitectures=[{type=mlp, hidden=[8]}]", "-Dtraining.threads=1",
                "-Ddata={type=synthetic-images, channels=1, train-sizes=[50], test-size=300000}");
    }

    private ForkedRun start(Path output) throws IOException {
        return ForkedRun.start(dir, null, List.of("-Xmx768m"), Map.of(), args(output));
    }

    /** curves.csv without its timing column. */
    private static String curves(Path results) throws IOException {
        List<String> lines = Files.readAllLines(results.resolve("curves.csv"));
        assertThat(lines.get(0)).endsWith(",elapsed_s");
        return lines.stream().map(l -> l.substring(0, l.lastIndexOf(','))).collect(Collectors.joining("\n"));
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void sigtermWhileTheSecondSeedDrawsItsDataExitsWithoutAStepAndTheResumeEqualsAnUninterruptedRun() throws Exception {
        Path reference = dir.resolve("reference");
        try (ForkedRun run = start(reference)) {
            assertThat(run.exitCode(LIMIT)).as(run.err()).isZero();
        }

        Path out = dir.resolve("out");
        Path results = out.resolve("r");
        try (ForkedRun run = start(out)) {
            assertThat(run.await(() -> run.errLine(l -> l.contains("seed 1: drawing its data")), LIMIT)).as(run.err()).isTrue();
            run.signal("TERM");
            assertThat(run.exitCode(LIMIT)).as(run.err()).isEqualTo(143);
            assertThat(run.err()).as("the second seed's run never trained")
                    .doesNotContain("mlp-n50-s1-real step").doesNotContain("mlp-s1-ideal step")
                    .contains("stopped by SIGTERM: 2 of 4 runs finished and are kept in " + results)
                    .contains("mlp-n50-s1-real: stopped before its first step")
                    .contains("resume with: ");
        }
        assertThat(names(results.resolve(RunCommand.RUNS))).containsExactly("mlp-n50-s0-real.json", "mlp-s0-ideal.json");
        assertThat(names(results.resolve(RunCommand.CHECKPOINTS))).as("no checkpoint of a run that took no step").isEmpty();

        try (ForkedRun again = start(out)) {
            assertThat(again.exitCode(LIMIT)).as(again.err()).isZero();
            assertThat(again.out()).contains("resuming " + results + " (same configuration): 2 of 4 runs finished earlier");
            assertThat(again.err()).doesNotContain("mlp-n50-s0-real step").contains("mlp-n50-s1-real step 20:");
        }
        assertThat(curves(results)).isEqualTo(curves(reference.resolve("r")));
        assertThat(Files.readString(results.resolve("summary.json"))).isEqualTo(Files.readString(reference.resolve("r/summary.json")));
    }
}
