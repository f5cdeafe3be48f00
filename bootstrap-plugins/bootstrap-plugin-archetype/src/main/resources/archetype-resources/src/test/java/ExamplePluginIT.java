package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.testkit.PluginHarness;
import io.deepbootstrap.testkit.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built plugin (mvn verify): its jar loaded as the application loads it, and a tiny experiment that uses all
 * five components.
 */
class ExamplePluginIT {
    @TempDir
    Path work;

    @Test
    void aTinyExperimentUsesEveryComponentOfTheBuiltJar() throws Exception {
        List<RunResult> runs = PluginHarness.run(PluginHarness.builtArchive(), """
                experiment.listeners = [ { type = ${pluginId}-log } ]
                data { type = ${pluginId}-rings, classes = 3 }
                training { steps = 60, augmentations = [ { type = ${pluginId}-noise, std = 0.02 } ] }
                evaluation.metrics = [error, loss, ${pluginId}-top-k-error]
                architectures = [ { type = ${pluginId}-mlp, width = 16 } ]
                """, work);
        assertThat(runs).hasSize(2);
        for (RunResult run : runs) {
            assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.OK);
            assertThat(run.last().step()).isEqualTo(60);
            // the label among the 2 most probable of 3 classes is at least as likely as the most probable
            assertThat(run.last().test().get("${pluginId}-top-k-error")).isLessThanOrEqualTo(run.last().test().get("error"));
        }
        try (Stream<Path> logs = Files.find(work, 5, (p, a) -> p.getFileName().toString().equals("evaluations.csv"))) {
            Path log = logs.findFirst().orElseThrow();
            assertThat(Files.readAllLines(log)).hasSize(runs.stream().mapToInt(r -> r.curve().size()).sum());
        }
    }
}
