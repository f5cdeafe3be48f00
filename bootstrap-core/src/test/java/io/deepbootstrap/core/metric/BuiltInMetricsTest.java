package io.deepbootstrap.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepbootstrap.api.metric.Metric;
import org.junit.jupiter.api.Test;

class BuiltInMetricsTest {
    // three examples, three classes
    private final float[] p = {
        0.7f, 0.2f, 0.1f,   // label 0: correct, p_y = 0.7
        0.5f, 0.4f, 0.1f,   // label 1: wrong (argmax 0), p_y = 0.4
        0.0f, 0.0f, 1.0f,   // label 2: correct, p_y = 1
    };
    private final int[] labels = {0, 1, 2};

    private static Metric metric(io.deepbootstrap.api.metric.MetricFactory f) {
        return f.create(null, () -> 3);
    }

    @Test
    void errorCountsArgmaxMistakes() {
        assertThat(metric(new BuiltInMetrics.ErrorFactory()).compute(p, labels, 3, 3)).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void softErrorIsMeanOfOneMinusTrueClassProbability() {
        double expected = ((1 - 0.7) + (1 - 0.4) + (1 - 1.0)) / 3;
        assertThat(metric(new BuiltInMetrics.SoftErrorFactory()).compute(p, labels, 3, 3)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void lossIsMeanNegativeLogTrueClassProbability() {
        double expected = (-Math.log(0.7) - Math.log(0.4) - Math.log(1.0)) / 3;
        assertThat(metric(new BuiltInMetrics.LossFactory()).compute(p, labels, 3, 3)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void lossOfZeroProbabilityIsLargeButFinite() {
        float[] q = {1f, 0f};
        double loss = metric(new BuiltInMetrics.LossFactory()).compute(q, new int[] {1}, 1, 2);
        assertThat(loss).isEqualTo(-Math.log(Float.MIN_NORMAL));
    }

    @Test
    void lossOfNanProbabilityIsNan() {
        float[] q = {Float.NaN, Float.NaN};
        assertThat(metric(new BuiltInMetrics.LossFactory()).compute(q, new int[] {1}, 1, 2)).isNaN();
    }

    @Test
    void onlyTheFirstCountExamplesCount() {
        assertThat(metric(new BuiltInMetrics.ErrorFactory()).compute(p, labels, 1, 3)).isZero();
    }
}
