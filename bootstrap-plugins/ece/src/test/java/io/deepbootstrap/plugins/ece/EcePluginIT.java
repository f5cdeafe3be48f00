package io.deepbootstrap.plugins.ece;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.testkit.PluginHarness;
import io.deepbootstrap.testkit.RunResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar, loaded as the application loads it: its metric is computed in a tiny experiment. */
class EcePluginIT {
    @TempDir
    Path work;

    @Test
    void theBuiltJarsMetricIsComputedOnTheTestSetAndTheRealWorldsTrainSet() {
        List<RunResult> runs = PluginHarness.run(PluginHarness.builtArchive(), "evaluation.metrics = [error, loss, ece]", work);
        assertThat(runs).hasSize(2);
        for (RunResult run : runs) {
            assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.OK);
            assertThat(run.last().test().get("ece")).isBetween(0.0, 1.0);
            if (run.id().world() == World.REAL) {
                assertThat(run.last().train()).containsKey("ece");
            }
        }
    }
}
