package io.deepbootstrap.plugins.widemlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.testkit.PluginHarness;
import io.deepbootstrap.testkit.RunResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar, loaded as the application loads it, as a tiny experiment's architecture next to the built-in mlp. */
class WideMlpPluginIT {
    @TempDir
    Path work;

    @Test
    void theBuiltJarsArchitectureTrainsInBothWorlds() {
        List<RunResult> runs = PluginHarness.run(PluginHarness.builtArchive(),
                "architectures = [ { type = wide-mlp, width = 32 }, { type = mlp, hidden = [16] } ]", work);
        assertThat(runs).extracting(r -> r.id().architecture()).containsOnly("wide-mlp", "mlp").hasSize(4);
        for (RunResult run : runs) {
            assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.OK);
            // three separated gaussian classes: both networks learn them (chance is 2/3)
            assertThat(run.last().test().get("error")).as(run.id().label()).isLessThan(0.3);
        }
    }
}
