package io.deepbootstrap.core.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.core.result.ConvergenceCriterion.Kind;
import org.junit.jupiter.api.Test;

class ConvergenceCriterionTest {

    @Test
    void kindsReadTheirTrainMetric() {
        assertThat(Kind.fromId("train-error")).isEqualTo(Kind.TRAIN_ERROR);
        assertThat(Kind.fromId("Train-Loss")).isEqualTo(Kind.TRAIN_LOSS);
        assertThat(Kind.TRAIN_ERROR.metric()).isEqualTo("error");
        assertThat(Kind.TRAIN_LOSS.metric()).isEqualTo("loss");
        assertThat(ConvergenceCriterion.DEFAULT).hasToString("train-error < 0.01");
    }

    @Test
    void missingOrNaNTrainMetricNeverConverges() {
        ConvergenceCriterion criterion = new ConvergenceCriterion(Kind.TRAIN_LOSS, 0.5);

        assertThat(criterion.isMet(TestRuns.ideal(1, 0, 0, 0))).isFalse();
        assertThat(criterion.isMet(TestRuns.real(1, 0, 0, 0, 0, 0, Double.NaN))).isFalse();
        assertThat(criterion.isMet(TestRuns.real(1, 0, 0, 0, 0, 0, 0.49))).isTrue();
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Kind.fromId("test-error"))
                .hasMessage("unknown convergence criterion 'test-error', expected one of train-error, train-loss");
        assertThatThrownBy(() -> new ConvergenceCriterion(Kind.TRAIN_ERROR, 0))
                .hasMessage("convergence threshold must be a positive finite number, got 0.0");
        assertThatThrownBy(() -> new ConvergenceCriterion(Kind.TRAIN_ERROR, Double.NaN))
                .hasMessage("convergence threshold must be a positive finite number, got NaN");
    }
}
