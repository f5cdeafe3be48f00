package io.deepbootstrap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GemmPeakTest {
    @Test
    void measuresRealProductsOnEveryThread() {
        // at least the two untimed and one timed 2048^3 product per thread ran: a GFLOP/s figure above 1 (a CPU without
        // vector units still does several), finite, and two threads do not report less than a tenth of one
        double one = GemmPeak.gflops(1, 0.2);
        double two = GemmPeak.gflops(2, 0.2);
        assertThat(one).isGreaterThan(1).isFinite();
        assertThat(two).isGreaterThan(one / 10).isFinite();
    }
}
