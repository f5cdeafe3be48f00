package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} on a results folder that already holds results: the same configuration resumes (finished runs
 * kept, result files rewritten with all runs), another configuration is refused with the differing keys and the
 * two ways out, {@code --fresh} moves the old results aside.
 */
class RunResumeCliTest {
    @TempDir
    Path dir;

    private CliRunner.Result run(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--no-progress", "-Dexperiment.name=tiny",
                "-Dexperiment.output-dir=" + dir, "-Dtraining.steps=30", "-Ddata.test-size=200", "-Ddata.train-sizes=[100]",
                "-Devaluation.points=5", "-Darchitectures=[{type=mlp, hidden=[16]}]"));
        args.addAll(Arrays.asList(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void sameConfigurationKeepsTheFinishedRunsAndRewritesTheSameResults() throws Exception {
        CliRunner.Result first = run();
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path results = dir.resolve("tiny");
        assertThat(names(results.resolve("runs"))).containsExactly("mlp-n100-s0-real.json", "mlp-s0-ideal.json");
        assertThat(first.out()).contains("checkpoints of 2 finished runs removed (").contains("--keep-checkpoints keeps them");
        assertThat(names(results.resolve("checkpoints"))).isEmpty();
        String curves = Files.readString(results.resolve("curves.csv"));
        byte[] record = Files.readAllBytes(results.resolve("runs/mlp-s0-ideal.json"));

        CliRunner.Result again = run();

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("resuming " + results + " (same configuration): 2 of 2 runs finished earlier and are kept");
        assertThat(Files.readString(results.resolve("curves.csv"))).isEqualTo(curves);
        assertThat(Files.readAllBytes(results.resolve("runs/mlp-s0-ideal.json"))).isEqualTo(record);
    }

    @Test
    void anotherConfigurationIsRefusedWithTheDifferingKeysAndConfigConfIsKept() throws Exception {
        assertThat(run().exitCode()).isZero();
        Path config = dir.resolve("tiny/config.conf");
        String saved = Files.readString(config);

        CliRunner.Result other = run("-Dtraining.optimizer.learning-rate=0.2");

        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).contains("holds results of another configuration")
                .contains("training.optimizer.learning-rate: 0.05 -> 0.2")
                .contains("--fresh").contains("-Dexperiment.name=tiny-2");
        assertThat(Files.readString(config)).as("config.conf still describes the results beside it").isEqualTo(saved);
    }

    @Test
    void keepCheckpointsKeepsThemAndFreshMovesTheOldResultsAside() throws Exception {
        CliRunner.Result kept = run("--keep-checkpoints");
        assertThat(kept.exitCode()).as(kept.err()).isZero();
        assertThat(kept.out()).contains("checkpoints of 2 finished runs kept in ");
        assertThat(names(dir.resolve("tiny/checkpoints"))).containsExactly("mlp-n100-s0-real.ckpt", "mlp-s0-ideal.ckpt");

        CliRunner.Result fresh = run("--fresh", "-Dtraining.optimizer.learning-rate=0.2");

        assertThat(fresh.exitCode()).as(fresh.err()).isZero();
        assertThat(fresh.out()).contains("--fresh: the previous results were moved to " + dir.resolve("tiny."));
        List<String> folders = names(dir);
        assertThat(folders).hasSize(2).first().isEqualTo("tiny");
        Path aside = dir.resolve(folders.get(1));
        assertThat(Files.readString(aside.resolve("config.conf"))).contains("learning-rate=0.05");
        assertThat(names(aside.resolve("checkpoints"))).hasSize(2);
        assertThat(Files.readString(dir.resolve("tiny/config.conf"))).contains("learning-rate=0.2");
    }
}
