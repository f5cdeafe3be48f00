package io.deepbootstrap.plugins.ece;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.api.metric.Metric;
import io.deepbootstrap.testkit.Contexts;
import io.deepbootstrap.testkit.Testkit;
import org.junit.jupiter.api.Test;

class EceMetricTest {

    private static Metric ece(String user) {
        return new EceMetric().create(Testkit.config(ComponentKind.METRIC, "ece", user), Contexts.metric(2));
    }

    @Test
    void perfectlyCalibratedPredictionsScoreZero() {
        // confidence 1.0 and always right
        float[] p = {1f, 0f, 0f, 1f};
        assertThat(ece("").compute(p, new int[] {0, 1}, 2, 2)).isEqualTo(0.0);
    }

    @Test
    void computesTheBinWeightedGapByHand() {
        // 2 bins: (0, .5] and (.5, 1]. Examples: conf .9 right, conf .9 wrong, conf .6 right, conf .5 wrong.
        float[] p = {0.9f, 0.1f, 0.1f, 0.9f, 0.6f, 0.4f, 0.5f, 0.5f};
        int[] labels = {0, 0, 0, 1};
        // bin 1 (.6, .9, .9): accuracy 2 of 3, confidence sum 2.4 -> |2 - 2.4| = 0.4
        // bin 0 (.5, argmax class 0, label 1: wrong): |0 - 0.5| = 0.5
        double expected = (0.4 + 0.5) / 4;
        assertThat(ece("bins = 2").compute(p, labels, 4, 2)).isCloseTo(expected, offset(1e-6));
        // one bin: |accuracy - mean confidence| = |2/4 - 2.9/4|
        assertThat(ece("bins = 1").compute(p, labels, 4, 2)).isCloseTo(0.9 / 4, offset(1e-6));
    }

    @Test
    void defaultBinsAndBadValues() {
        assertThat(ConfigFactory.load().getInt("bootstrap.components.metric.ece.bins")).isEqualTo(15);
        assertThatThrownBy(() -> ece("bins = 0")).isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("bins").hasMessageContaining("expected an integer >= 1, found 0");
    }
}
