package io.deepbootstrap.core.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StepWeightedMeanTest {

    @Test
    void trapezoidOverStepsAgainstAHandComputedValue() {
        // segments [1,10], [10,100], [100,300]: 9*(0.2+0.4)/2 + 90*(0.4+0.1)/2 + 200*(0.1+0.3)/2
        //   = 2.7 + 22.5 + 40 = 65.2, over 299 steps
        double mean = StepWeightedMean.of(new int[] {1, 10, 100, 300}, new double[] {0.2, 0.4, 0.1, 0.3});

        assertThat(mean).isCloseTo(65.2 / 299, within(1e-15));
    }

    @Test
    void aConstantAveragesToItselfAndALineToItsMidpoint() {
        assertThat(StepWeightedMean.of(new int[] {1, 2, 50, 51}, new double[] {0.3, 0.3, 0.3, 0.3}))
                .isCloseTo(0.3, within(1e-15));
        // a linear function sampled anywhere: the mean over [1, 101] is its value at 51
        assertThat(StepWeightedMean.of(new int[] {1, 7, 101}, new double[] {0.0, 0.06, 1.0}))
                .isCloseTo(0.5, within(1e-15));
    }

    @Test
    void nonFinitePointsAreLeftOutAndASinglePointIsItsValue() {
        assertThat(StepWeightedMean.of(new int[] {1, 10, 19}, new double[] {0.1, Double.NaN, 0.3}))
                .isCloseTo(0.2, within(1e-15));
        assertThat(StepWeightedMean.of(new int[] {5, 9}, new double[] {Double.POSITIVE_INFINITY, 0.7}))
                .isEqualTo(0.7);
        assertThat(StepWeightedMean.of(new int[] {5}, new double[] {Double.NaN})).isNaN();
        assertThat(StepWeightedMean.of(new int[0], new double[0])).isNaN();
    }

    @Test
    void rejectsStepsThatDoNotIncrease() {
        assertThatThrownBy(() -> StepWeightedMean.of(new int[] {1, 10, 10}, new double[] {0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("steps must increase, got 10 then 10");
        assertThatThrownBy(() -> StepWeightedMean.of(new int[] {1}, new double[] {0, 0}))
                .hasMessage("steps and values differ in length: 1 vs 2");
    }
}
