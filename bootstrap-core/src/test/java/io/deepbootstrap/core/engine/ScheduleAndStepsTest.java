package io.deepbootstrap.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleAndStepsTest {

    @Test
    void logSpacedStepsIncludeFirstAndLastAndAreSorted() {
        assertThat(EvaluationSteps.logSpaced(1000, 4)).containsExactly(1, 10, 100, 1000);
        assertThat(EvaluationSteps.logSpaced(5, 20)).containsExactly(1, 2, 3, 4, 5);
        assertThat(EvaluationSteps.logSpaced(7, 1)).containsExactly(1, 7);
    }

    @Test
    void cosineStartsAtBaseAndEndsNearZero() {
        LearningRateSchedule s = LearningRateSchedule.cosine(0.1, 100);
        assertThat(s.at(1)).isEqualTo(0.1);
        assertThat(s.at(51)).isCloseTo(0.05, within(1e-12));
        assertThat(s.at(100)).isCloseTo(0.1 * 0.5 * (1 + Math.cos(Math.PI * 99 / 100)), within(1e-15));
    }

    @Test
    void stepDecayMultipliesAtMilestones() {
        LearningRateSchedule s = LearningRateSchedule.stepDecay(1.0, 100, List.of(0.5, 0.75), 0.1);
        assertThat(s.at(50)).isEqualTo(1.0);
        assertThat(s.at(51)).isCloseTo(0.1, within(1e-12));
        assertThat(s.at(76)).isCloseTo(0.01, within(1e-12));
    }
}
