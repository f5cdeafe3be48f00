package io.deepbootstrap.app.report;

import static io.deepbootstrap.core.result.TestRuns.real;
import static io.deepbootstrap.core.result.TestRuns.realRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepbootstrap.api.run.Evaluation;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedBandTest {

    @Test
    void meanMinAndMaxOverTheSeedsWithAFiniteValueAtEachStep() {
        SeedBand band = SeedBand.of(List.of(
                realRun("cnn", 100, 0, 100, real(0, 1, 1, 1, 1, 1, 1), real(10, 0.5, 0.4, 1, 0.3, 0.3, 1),
                        real(100, 0.2, 0.2, 1, 0.1, 0.1, 1)),
                realRun("cnn", 100, 1, 100, real(10, 0.7, 0.6, 1, 0.5, 0.5, 1),
                        real(100, Double.NaN, Double.NaN, 1, 0.1, 0.1, 1))), Evaluation::test, "soft-error");

        assertThat(band.steps()).containsExactly(10, 100);
        assertThat(band.mean()).containsExactly(new double[] {0.5, 0.2}, within(1e-12));
        assertThat(band.lower()).containsExactly(0.4, 0.2);
        assertThat(band.upper()).containsExactly(0.6, 0.2);
        assertThat(band.hasSpread()).isTrue();
        assertThat(band.meanAt(10)).isCloseTo(0.5, within(1e-12));
        assertThat(band.meanAt(55)).isCloseTo(0.35, within(1e-12));
        assertThat(band.meanAt(5)).isNaN();
        assertThat(band.meanAt(101)).isNaN();
        double[][] outline = band.outline();
        assertThat(outline[0]).containsExactly(10, 100, 100, 10);
        assertThat(outline[1]).containsExactly(0.6, 0.2, 0.2, 0.4);
    }

    @Test
    void missingMetricGivesAnEmptyBand() {
        SeedBand band = SeedBand.of(List.of(realRun("cnn", 100, 0, 10, real(10, 1, 1, 1, 1, 1, 1))),
                Evaluation::train, "ece");

        assertThat(band.isEmpty()).isTrue();
        assertThat(band.hasSpread()).isFalse();
    }
}
