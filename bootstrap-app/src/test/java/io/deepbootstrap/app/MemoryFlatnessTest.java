package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.deepbootstrap.core.experiment.ProcessMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep of runs in one process does not accumulate memory: every run frees its network's native buffers and
 * its data, so from the third run on (the first ones load classes, JIT-compile and grow the heap to its working
 * size) each run's peak resident set stays within ±10% of the third run's. Each "run" is one
 * {@code bootstrap run} of a small experiment (an MLP and a CNN, real and ideal world) in this JVM; the peak is
 * reset before it ({@link ProcessMemory#resetPeak()}).
 */
class MemoryFlatnessTest {
    @TempDir
    Path dir;

    @Test
    void peakResidentMemoryOfSixSuccessiveRunsIsFlat() throws Exception {
        assumeThat(ProcessMemory.resetPeak()).as("Linux /proc/self/clear_refs").isTrue();
        List<Long> peaks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path conf = dir.resolve("m" + i + ".conf");
            Files.writeString(conf, """
                    experiment { name = m%d, seed = %d, output-dir = "%s", checkpoints = false }
                    data { type = synthetic-images, image-size = 16, channels = 3, train-sizes = [300], test-size = 500 }
                    training { steps = 60, batch-size = 32, threads = 1 }
                    evaluation { points = 4 }
                    architectures = [ { type = mlp, hidden = [256, 256] }, { type = cnn } ]
                    """.formatted(i, i, dir.toString().replace("\\", "/")));
            ProcessMemory.resetPeak();
            CliRunner.Result r = CliRunner.run("run", conf.toString(), "--no-progress");
            assertThat(r.exitCode()).as(r.err()).isZero();
            peaks.add(ProcessMemory.peakResidentBytes().orElseThrow());
        }
        long third = peaks.get(2);
        for (int i = 3; i < peaks.size(); i++) {
            assertThat((double) peaks.get(i)).as("peak RSS of run %d vs run 3, all runs: %s", i + 1, peaks)
                    .isBetween(0.9 * third, 1.1 * third);
        }
    }
}
