package io.deepbootstrap.plugins.teacher;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.testkit.PluginHarness;
import io.deepbootstrap.testkit.RunResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built zip (the form the distribution ships), loaded as the application loads it, as a tiny experiment's data. */
class TeacherPluginIT {
    @TempDir
    Path work;

    @Test
    void anMlpLearnsTheTeachersLabelsFromTheBuiltZip() {
        List<RunResult> runs = PluginHarness.run(PluginHarness.builtZip(),
                "data { type = teacher, dimension = 8, classes = 3, hidden = 16 }, training.steps = 120", work);
        assertThat(runs).hasSize(2);
        for (RunResult run : runs) {
            assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.OK);
            // chance is 2/3 with three classes
            assertThat(run.last().test().get("error")).isLessThan(0.5).isLessThan(run.curve().get(0).test().get("error"));
        }
    }
}
