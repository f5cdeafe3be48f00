package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.result.RunRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The driver's progress line: the ETA leaves out the time before the first run could start. */
class SweepProgressTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void theEtaIsTheTimePerRunSinceRunsStartedTimesTheRunsLeft() {
        SweepProgress progress = new SweepProgress(5, 1, now::get);
        at(30); // executors took 28 s to start; the first run trained 2 s
        assertThat(progress.line(record("mlp-n100", 2.0))).isEqualTo("[2/5] mlp-n100-s1-real ok, 2.0 s training; sweep 30s elapsed, ETA 6s");
        at(34);
        assertThat(progress.line(record("mlp-n200", 3.0))).endsWith("sweep 34s elapsed, ETA 6s"); // (34 - 28) / 2 runs * 2 left
        at(40);
        assertThat(progress.line(record("mlp-n400", 3.0))).endsWith("ETA 4s");
        at(3700);
        assertThat(progress.line(record("mlp-n800", 3.0))).endsWith("sweep 1h01m elapsed, ETA done");
    }

    @Test
    void aFailedRunSaysWhy() {
        SweepProgress progress = new SweepProgress(2, 0, now::get);
        RunRecord failed = new RunRecord(new RunId("mlp", 100, 1, "none", World.REAL), RunStatus.FAILED, "no data", 10, 16, "", List.of());
        at(5);
        assertThat(progress.line(failed)).startsWith("[1/2] mlp-n100-s1-real failed (no data), 0.0 s training; sweep 5s elapsed, ETA ");
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertThat(SweepProgress.duration(42.4)).isEqualTo("42s");
        assertThat(SweepProgress.duration(185)).isEqualTo("3m05s");
        assertThat(SweepProgress.duration(7620)).isEqualTo("2h07m");
    }

    private void at(long seconds) {
        now.set(seconds * 1_000_000_000L);
    }

    private static RunRecord record(String arch, double trained) {
        int n = Integer.parseInt(arch.substring(arch.indexOf("-n") + 2));
        return new RunRecord(new RunId("mlp", n, 1, "none", World.REAL), RunStatus.OK, "", 10, 16, "scratch",
                List.of(new Evaluation(10, 160, 0.1, trained, Map.of("error", 0.5), Map.of())));
    }
}
