package io.deepbootstrap.core.result;

import static io.deepbootstrap.core.result.TestRuns.ideal;
import static io.deepbootstrap.core.result.TestRuns.idealRun;
import static io.deepbootstrap.core.result.TestRuns.real;
import static io.deepbootstrap.core.result.TestRuns.realRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static final double EPS = 1e-12;

    // Real world: train error falls below 0.01 at step 100 (0.005), train loss below 0.01 at step 1000.
    static RunRecord realCnn() {
        return realRun("cnn", 2000, 0, 1000,
                real(1, 0.90, 0.85, 2.3, 0.90, 0.85, 2.3),
                real(10, 0.60, 0.55, 1.5, 0.50, 0.45, 1.2),
                real(100, 0.30, 0.28, 0.9, 0.005, 0.01, 0.05),
                real(1000, 0.25, 0.20, 1.1, 0.0, 0.001, 0.005));
    }

    // Gaps (real - ideal): soft-error -0.01, 0.05, 0.08, 0.12; error 0, 0.02, 0.1, 0.15; loss 0, 0.1, 0.2, 0.8.
    static RunRecord idealCnn() {
        return idealRun("cnn", 0, 1000,
                ideal(1, 0.90, 0.86, 2.3),
                ideal(10, 0.58, 0.50, 1.4),
                ideal(100, 0.20, 0.20, 0.7),
                ideal(1000, 0.10, 0.08, 0.3));
    }

    @Test
    void trainErrorCriterionSummarisesUpToAndIncludingTStop() {
        Comparison c = Comparison.of(realCnn(), idealCnn(), ConvergenceCriterion.DEFAULT);

        assertThat(c.status()).isEqualTo(ComparisonStatus.OK);
        assertThat(c.message()).isEmpty();
        assertThat(c.converged()).isTrue();
        assertThat(c.tStop()).hasValue(100);
        assertThat(c.gaps()).extracting(GapPoint::step).containsExactly(1, 10, 100, 1000);
        assertThat(c.gaps().get(3).gap().get("soft-error")).isCloseTo(0.12, within(EPS));
        assertThat(c.window()).extracting(GapPoint::step).containsExactly(1, 10, 100);

        assertThat(c.maxAbsGap()).containsOnlyKeys("error", "soft-error", "loss");
        assertThat(c.maxAbsGap().get("soft-error")).isCloseTo(0.08, within(EPS));
        // step-weighted over [1, 100]: (9 * (0.01 + 0.05) / 2 + 90 * (0.05 + 0.08) / 2) / 99
        assertThat(c.meanAbsGap().get("soft-error")).isCloseTo(6.12 / 99, within(EPS));
        assertThat(c.maxAbsGap().get("error")).isCloseTo(0.10, within(EPS));
        assertThat(c.meanAbsGap().get("error")).isCloseTo((9 * 0.01 + 90 * 0.06) / 99, within(EPS));
        assertThat(c.maxAbsGap().get("loss")).isCloseTo(0.2, within(EPS));
        assertThat(c.meanAbsGap().get("loss")).isCloseTo((9 * 0.05 + 90 * 0.15) / 99, within(EPS));
        assertThat(c.gapAtTStop().get("soft-error")).isCloseTo(0.08, within(EPS));
        assertThat(c.gapAtTStop().get("error")).isCloseTo(0.10, within(EPS));
        assertThat(List.copyOf(c.maxAbsGap().keySet())).containsExactly("error", "soft-error", "loss");

        assertThat(c.windowRange().orElseThrow()).containsExactly(1, 100);
        StepPair atTStop = c.atTStop().orElseThrow();
        assertThat(atTStop.step()).isEqualTo(100);
        assertThat(atTStop.realTest("soft-error")).isEqualTo(0.28);
        assertThat(atTStop.idealTest("soft-error")).isEqualTo(0.20);
        assertThat(atTStop.real().train().get("error")).isEqualTo(0.005);
        assertThat(c.atT().step()).isEqualTo(1000);
        assertThat(c.atT().realTest("error")).isEqualTo(0.25);
        assertThat(c.atT().idealTest("soft-error")).isEqualTo(0.08);
        assertThat(c.atT().real().train().get("loss")).isEqualTo(0.005);
    }

    @Test
    void trainLossCriterionStopsLater() {
        Comparison c = Comparison.of(realCnn(), idealCnn(),
                new ConvergenceCriterion(ConvergenceCriterion.Kind.TRAIN_LOSS, 0.01));

        assertThat(c.tStop()).hasValue(1000);
        assertThat(c.maxAbsGap().get("soft-error")).isCloseTo(0.12, within(EPS));
        assertThat(c.meanAbsGap().get("soft-error")).isCloseTo((6.12 + 900 * 0.10) / 999, within(EPS));
        assertThat(c.gapAtTStop().get("loss")).isCloseTo(0.8, within(EPS));
    }

    @Test
    void meanAbsGapWeighsStepsNotEvaluations() {
        // |gap| 0 at steps 1, 2, 3 and 0.1 at step 100: the unweighted mean of the points would be 0.025;
        // over the steps, |gap| rises linearly from 0 at step 3 to 0.1 at step 100: 97 * 0.05 / 99
        RunRecord r = realRun("mlp", 100, 0, 100, real(1, 0.9, 0.9, 2, 0.9, 0.9, 2),
                real(2, 0.9, 0.9, 2, 0.9, 0.9, 2), real(3, 0.9, 0.9, 2, 0.9, 0.9, 2),
                real(100, 0.5, 0.5, 1, 0.0, 0.0, 0.001));
        RunRecord i = idealRun("mlp", 0, 100, ideal(1, 0.9, 0.9, 2), ideal(2, 0.9, 0.9, 2),
                ideal(3, 0.9, 0.9, 2), ideal(100, 0.4, 0.4, 1));

        Comparison c = Comparison.of(r, i, ConvergenceCriterion.DEFAULT);

        assertThat(c.tStop()).hasValue(100);
        assertThat(c.meanAbsGap().get("soft-error")).isCloseTo(97 * 0.05 / 99, within(EPS));
        assertThat(c.maxAbsGap().get("soft-error")).isCloseTo(0.1, within(EPS));
        assertThat(c.gapAtTStop().get("soft-error")).isCloseTo(0.1, within(EPS));
    }

    @Test
    void thresholdIsStrict() {
        Comparison c = Comparison.of(realCnn(), idealCnn(),
                new ConvergenceCriterion(ConvergenceCriterion.Kind.TRAIN_ERROR, 0.005));

        assertThat(c.tStop()).hasValue(1000);
    }

    @Test
    void neverConvergedSummarisesAllStepsAndHasNoGapAtTStop() {
        Comparison c = Comparison.of(realCnn(), idealCnn(),
                new ConvergenceCriterion(ConvergenceCriterion.Kind.TRAIN_LOSS, 0.001));

        assertThat(c.converged()).isFalse();
        assertThat(c.tStop()).isEmpty();
        assertThat(c.window()).hasSize(4);
        assertThat(c.maxAbsGap().get("soft-error")).isCloseTo(0.12, within(EPS));
        assertThat(c.meanAbsGap().get("error")).isCloseTo((5.49 + 900 * 0.125) / 999, within(EPS));
        assertThat(c.gapAtTStop()).isEmpty();
        assertThat(c.atTStop()).isEmpty();
        assertThat(c.windowRange().orElseThrow()).containsExactly(1, 1000);
    }

    @Test
    void divergedRealRunIsComparedOverCommonStepsIgnoringNonFiniteGaps() {
        RunRecord diverged = TestRuns.run(new RunId("cnn", 2000, 0, "none", World.REAL), RunStatus.DIVERGED,
                "loss became NaN at step 100", 1000,
                real(1, 0.90, 0.85, 2.3, 0.90, 0.85, 2.3),
                real(10, 0.60, 0.55, 1.5, 0.50, 0.45, 1.2),
                real(100, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN));

        Comparison c = Comparison.of(diverged, idealCnn(), ConvergenceCriterion.DEFAULT);

        assertThat(c.status()).isEqualTo(ComparisonStatus.DIVERGED);
        assertThat(c.message()).isEqualTo("real: diverged (loss became NaN at step 100)");
        assertThat(c.converged()).isFalse();
        assertThat(c.gaps()).extracting(GapPoint::step).containsExactly(1, 10, 100);
        assertThat(c.maxAbsGap().get("soft-error")).isCloseTo(0.05, within(EPS));
        assertThat(c.meanAbsGap().get("soft-error")).isCloseTo(0.03, within(EPS));
        assertThat(c.atT().real()).isNull();
        assertThat(c.atT().realTest("error")).isNaN();
        assertThat(c.atT().idealTest("error")).isEqualTo(0.10);
    }

    @Test
    void failedShortIdealRunLimitsTheComparisonAndFailsIt() {
        RunRecord failed = TestRuns.run(new RunId("cnn", 0, 0, "none", World.IDEAL), RunStatus.FAILED,
                "out of memory", 1000,
                ideal(1, 0.90, 0.86, 2.3),
                ideal(10, 0.58, 0.50, 1.4));

        Comparison c = Comparison.of(realCnn(), failed, ConvergenceCriterion.DEFAULT);

        assertThat(c.status()).isEqualTo(ComparisonStatus.FAILED);
        assertThat(c.message()).isEqualTo("ideal: failed (out of memory)");
        assertThat(c.tStop()).hasValue(100);
        assertThat(c.window()).extracting(GapPoint::step).containsExactly(1, 10);
        assertThat(c.maxAbsGap().get("soft-error")).isCloseTo(0.05, within(EPS));
        assertThat(c.gapAtTStop()).isEmpty();
        assertThat(c.atTStop().orElseThrow().ideal()).isNull();
        assertThat(c.atTStop().orElseThrow().realTest("error")).isEqualTo(0.30);
    }

    @Test
    void missingIdealRunIsPending() {
        Comparison c = Comparison.of(realCnn(), null, ConvergenceCriterion.DEFAULT);

        assertThat(c.status()).isEqualTo(ComparisonStatus.PENDING);
        assertThat(c.message()).isEqualTo("no ideal-world run for architecture cnn, seed 0, augmentation none");
        assertThat(c.tStop()).hasValue(100);
        assertThat(c.gaps()).isEmpty();
        assertThat(c.maxAbsGap()).isEmpty();
        assertThat(c.atT().idealTest("error")).isNaN();
        assertThat(c.atT().realTest("error")).isEqualTo(0.25);
    }

    @Test
    void emptyCurvesGiveEmptySummaries() {
        RunRecord failed = TestRuns.run(new RunId("cnn", 2000, 0, "none", World.REAL), RunStatus.FAILED,
                "", 1000);

        Comparison c = Comparison.of(failed, idealCnn(), ConvergenceCriterion.DEFAULT);

        assertThat(c.status()).isEqualTo(ComparisonStatus.FAILED);
        assertThat(c.message()).isEqualTo("real: failed");
        assertThat(c.gaps()).isEmpty();
        assertThat(c.atT().real()).isNull();
        assertThat(c.windowRange()).isEmpty();
    }

    @Test
    void extraMetricsAreComparedAfterTheBuiltIns() {
        RunRecord r = realRun("cnn", 2000, 0, 10,
                TestRuns.withExtra(real(10, 0.5, 0.5, 1, 0.5, 0.5, 1), "ece", 0.3, 0.1));
        RunRecord i = idealRun("cnn", 0, 10, TestRuns.withExtra(ideal(10, 0.4, 0.4, 1), "ece", 0.1, null));

        Comparison c = Comparison.of(r, i, ConvergenceCriterion.DEFAULT);

        assertThat(List.copyOf(c.maxAbsGap().keySet())).containsExactly("error", "soft-error", "loss", "ece");
        assertThat(c.maxAbsGap().get("ece")).isCloseTo(0.2, within(EPS));
    }

    @Test
    void rejectsRunsThatAreNotPartners() {
        RunRecord otherSeed = idealRun("cnn", 1, 1000, ideal(1, 0.9, 0.9, 2));

        assertThatThrownBy(() -> Comparison.of(realCnn(), otherSeed, ConvergenceCriterion.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run cnn-s1-ideal is not the ideal-world partner of cnn-n2000-s0-real "
                        + "(expected an ideal run with architecture cnn, seed 0, augmentation none)");
        assertThatThrownBy(() -> Comparison.of(idealCnn(), idealCnn(), ConvergenceCriterion.DEFAULT))
                .hasMessage("expected a real-world run, got cnn-s0-ideal");
    }
}
