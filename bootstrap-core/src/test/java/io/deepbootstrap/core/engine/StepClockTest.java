package io.deepbootstrap.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepClockTest {

    /** Work the JIT cannot remove: its result is returned. */
    private static long work(int n) {
        long h = 17;
        for (int i = 0; i < n; i++) {
            h = h * 31 + (h >>> 7) + i;
        }
        return h;
    }

    @Test
    void sumsTheThreadsCpuTimeOverItsIntervalsOnly() {
        StepClock clock = new StepClock();
        long sink = 0;
        for (int i = 0; i < 3; i++) {
            clock.start();
            sink += work(5_000_000);
            clock.stop();
            sink += work(5_000_000); // between intervals: not counted
        }
        assertThat(sink).isNotZero();
        assertThat(clock.intervals()).isEqualTo(3);
        assertThat(clock.wallSeconds()).isPositive();
        if (clock.measuresCpu()) {
            assertThat(clock.cpuSeconds()).isPositive();
            // CPU time of one thread cannot exceed the wall time of the same intervals (plus the clocks' granularity)
            assertThat(clock.cpuSeconds()).isLessThanOrEqualTo(clock.wallSeconds() + 0.01);
        }
        assertThat(clock.describe("step")).matches("\\d+\\.\\d\\d s CPU \\(\\d+\\.\\d\\d ms/step\\), \\d+\\.\\d\\d s wall");
    }

    @Test
    void aClockThatMeasuredNothingDescribesZero() {
        assertThat(new StepClock().describe("evaluation")).isEqualTo("0.00 s CPU (0.00 ms/evaluation), 0.00 s wall");
    }
}
