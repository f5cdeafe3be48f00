package io.deepbootstrap.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.registry.ComponentRegistration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness with a real plugin jar whose classes are also on the test's class path, as in a plugin's own build. */
class PluginHarnessTest {
    @TempDir
    Path work;

    @Test
    void loadsTheArchiveAndRunsTheTinyExperimentInBothWorlds() throws Exception {
        Path jar = SamplePluginJar.write(work.resolve("sample-1.0.0.jar"), true);
        List<RunResult> runs = PluginHarness.run(jar, "evaluation.metrics = [error, loss, label-share]", work.resolve("run"));

        assertThat(runs).extracting(r -> r.id().world()).containsExactlyInAnyOrder(World.REAL, World.IDEAL);
        for (RunResult run : runs) {
            assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.OK);
            assertThat(run.curve()).hasSize(3);
            assertThat(run.last().step()).isEqualTo(40);
            // 3 separated classes: the MLP learns them (chance is 2/3)
            assertThat(run.last().test().get("error")).isLessThan(0.3).isLessThan(run.curve().get(0).test().get("error"));
        }
        // the plugin's metric is computed on the test set, which both worlds share: one value everywhere
        List<Double> shares = runs.stream().flatMap(r -> r.curve().stream()).map(Evaluation::test).map(t -> t.get("label-share")).distinct().toList();
        assertThat(shares).hasSize(1);
        assertThat(shares.get(0)).isBetween(0.15, 0.5);
    }

    @Test
    void theComponentsComeFromTheArchiveNotFromTheClassPath() throws Exception {
        Path jar = SamplePluginJar.write(work.resolve("sample-1.0.0.jar"), true);
        try (PluginHarness.Loaded loaded = PluginHarness.load(jar, work)) {
            assertThat(loaded.plugin().id()).isEqualTo("sample");
            assertThat(loaded.registrations()).extracting(r -> r.kind().id() + ":" + r.name() + ":" + r.pluginId())
                    .containsExactly("metric:label-share:sample");
            ComponentRegistration metric = loaded.registrations().get(0);
            // loaded by the plugin's own class loader, not the test's
            assertThat(metric.factory().getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
            List<RunResult> runs = loaded.run("evaluation.metrics = [error, loss, label-share], data.train-sizes = [32, 64]");
            assertThat(runs).hasSize(3);
        }
    }

    @Test
    void aPluginThatDoesNotLoadFailsWithTheLoadersMessage() throws Exception {
        Path jar = SamplePluginJar.write(work.resolve("sample-1.0.0.jar"), false);
        assertThatThrownBy(() -> PluginHarness.load(jar, work))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plugins [sample-1.0.0.jar] did not load cleanly")
                .hasMessageContaining("registers no components");
    }

    @Test
    void theBuiltArchiveIsKnownOnlyToIntegrationTests() {
        String before = System.clearProperty(PluginHarness.ARCHIVE_PROPERTY);
        try {
            assertThatThrownBy(PluginHarness::builtArchive).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("bootstrap.plugin.archive is not set").hasMessageContaining("mvn verify");
            System.setProperty(PluginHarness.ARCHIVE_PROPERTY, work.resolve("missing.jar").toString());
            assertThatThrownBy(PluginHarness::builtArchive).hasMessageContaining("missing.jar, which does not exist");
        } finally {
            if (before == null) {
                System.clearProperty(PluginHarness.ARCHIVE_PROPERTY);
            } else {
                System.setProperty(PluginHarness.ARCHIVE_PROPERTY, before);
            }
        }
    }
}
