package io.deepbootstrap.core.result;

import static io.deepbootstrap.core.result.TestRuns.ideal;
import static io.deepbootstrap.core.result.TestRuns.idealRun;
import static io.deepbootstrap.core.result.TestRuns.real;
import static io.deepbootstrap.core.result.TestRuns.realRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedAggregationTest {

    private static final double EPS = 1e-7;

    /**
     * Three seeds of mlp at N=1000: final real test error 0.3/0.4/0.5, ideal 0.2; T_stop 10, 100, never;
     * soft-error gaps (step 10, step 100): seed 0 (0.05, 0.05), seed 1 (0.1, 0.15), seed 2 (0.05, 0.25).
     */
    static List<RunRecord> threeSeeds() {
        return List.of(
                realRun("mlp", 1000, 0, 100, real(10, 0.5, 0.50, 1, 0.005, 0.1, 0.5),
                        real(100, 0.3, 0.25, 1, 0.0, 0.0, 0.1)),
                idealRun("mlp", 0, 100, ideal(10, 0.45, 0.45, 1), ideal(100, 0.2, 0.2, 1)),
                realRun("mlp", 1000, 1, 100, real(10, 0.5, 0.50, 1, 0.2, 0.2, 0.5),
                        real(100, 0.4, 0.35, 1, 0.0, 0.0, 0.1)),
                idealRun("mlp", 1, 100, ideal(10, 0.5, 0.40, 1), ideal(100, 0.2, 0.2, 1)),
                realRun("mlp", 1000, 2, 100, real(10, 0.5, 0.50, 1, 0.3, 0.3, 0.5),
                        real(100, 0.5, 0.45, 1, 0.2, 0.2, 0.4)),
                idealRun("mlp", 2, 100, ideal(10, 0.5, 0.45, 1), ideal(100, 0.2, 0.2, 1)));
    }

    @Test
    void convergedAndUnconvergedSeedsAreAggregatedApart() {
        List<SeedAggregate> aggregates = ExperimentResults.of(threeSeeds(), ConvergenceCriterion.DEFAULT)
                .aggregates();

        assertThat(aggregates).hasSize(1);
        SeedAggregate a = aggregates.get(0);
        assertThat(a.key()).isEqualTo(new AggregateKey("mlp", 1000, "none"));
        assertThat(a.seeds()).isEqualTo(3);
        assertThat(a.steps()).isEqualTo(100);
        assertThat(a.statusSummary()).isEqualTo("ok");

        // at T = 100, over all three seeds
        assertStat(a.realTestAtT().get("error"), 0.4, 0.1, 3);
        assertStat(a.idealTestAtT().get("error"), 0.2, 0.0, 3);
        assertStat(a.realTestAtT().get("soft-error"), 0.35, 0.1, 3);

        // seeds 0 (T_stop 10) and 1 (T_stop 100)
        SeedStats converged = a.converged();
        assertThat(converged.seeds()).isEqualTo(2);
        assertThat(converged.comparisons()).extracting(c -> c.real().id().seed()).containsExactly(0L, 1L);
        assertStat(converged.tStop(), 55, 63.6396103, 2);
        assertThat(a.tStop()).isEqualTo(converged.tStop());
        // soft-error gap at T_stop: 0.05 (step 10), 0.15 (step 100)
        assertStat(converged.gapAtTStop().get("soft-error"), 0.1, 0.0707107, 2);
        // step-weighted mean |gap|: 0.05 (window {10}), (0.1 + 0.15) / 2 (window {10, 100})
        assertStat(converged.meanAbsGap().get("soft-error"), 0.0875, 0.0530330, 2);
        assertStat(converged.maxAbsGap().get("soft-error"), 0.1, 0.0707107, 2);
        // test soft-error at T_stop: real 0.50 / 0.35, ideal 0.45 / 0.20
        assertStat(converged.realTestAtTStop().get("soft-error"), 0.425, 0.1060660, 2);
        assertStat(converged.idealTestAtTStop().get("soft-error"), 0.325, 0.1767767, 2);
        assertStat(converged.realTestAtT().get("error"), 0.35, 0.0707107, 2);

        // seed 2 never converged: its window is [10, 100], gaps 0.05 and 0.25
        SeedStats notConverged = a.notConverged();
        assertThat(notConverged.seeds()).isEqualTo(1);
        assertThat(notConverged.tStop().n()).isZero();
        assertThat(notConverged.gapAtTStop().get("soft-error").n()).isZero();
        assertThat(notConverged.realTestAtTStop().get("soft-error").n()).isZero();
        assertStat(notConverged.meanAbsGap().get("soft-error"), 0.15, 0.0, 1);
        assertStat(notConverged.maxAbsGap().get("soft-error"), 0.25, 0.0, 1);
        assertStat(notConverged.realTestAtT().get("error"), 0.5, 0.0, 1);
    }

    @Test
    void groupsByArchitectureTrainSizeAndAugmentationInOrderOfAppearance() {
        RunRecord cnn = realRun("cnn", 1000, 0, 100, real(100, 0.2, 0.2, 1, 0.5, 0.5, 1));
        RunRecord cnnIdeal = idealRun("cnn", 0, 100, ideal(100, 0.1, 0.15, 1));
        RunRecord flip = TestRuns.run(new RunId("cnn", 1000, 0, "flip", World.REAL), RunStatus.DIVERGED, "NaN",
                100, real(100, 0.2, 0.2, 1, 0.5, 0.5, 1));
        List<RunRecord> runs = new java.util.ArrayList<>(List.of(cnn, cnnIdeal, flip));
        runs.addAll(threeSeeds());

        List<SeedAggregate> aggregates = ExperimentResults.of(runs, ConvergenceCriterion.DEFAULT).aggregates();

        assertThat(aggregates).extracting(SeedAggregate::key).containsExactly(
                new AggregateKey("cnn", 1000, "none"), new AggregateKey("cnn", 1000, "flip"),
                new AggregateKey("mlp", 1000, "none"));
        SeedAggregate single = aggregates.get(0);
        assertStat(single.realTestAtT().get("error"), 0.2, 0.0, 1);
        assertStat(single.notConverged().maxAbsGap().get("soft-error"), 0.05, 0.0, 1);
        assertThat(single.converged().seeds()).isZero();
        assertThat(single.converged().maxAbsGap()).isEmpty();
        assertThat(single.tStop().isEmpty()).isTrue();
        assertThat(single.tStop().mean()).isNaN();
        assertThat(aggregates.get(1).statusSummary()).isEqualTo("diverged");
        assertThat(aggregates.get(1).notConverged().maxAbsGap().get("soft-error").n()).isZero();
    }

    @Test
    void mixedStatusesAreCounted() {
        List<RunRecord> runs = new java.util.ArrayList<>(threeSeeds());
        runs.remove(5); // the ideal run of seed 2
        runs.set(0, TestRuns.run(runs.get(0).id(), RunStatus.DIVERGED, "", 100, runs.get(0).curve().get(0)));

        SeedAggregate a = ExperimentResults.of(runs, ConvergenceCriterion.DEFAULT).aggregates().get(0);

        assertThat(a.statusSummary()).isEqualTo("1 ok, 1 diverged, 1 pending");
        // the diverged seed met the criterion at step 10, before it diverged
        assertThat(a.converged().statusSummary()).isEqualTo("1 ok, 1 diverged");
        assertThat(a.notConverged().statusSummary()).isEqualTo("pending");
        // the diverged seed stopped at step 10: no value at T; the pending seed has no ideal value
        assertStat(a.realTestAtT().get("error"), (0.4 + 0.5) / 2, 0.0707107, 2);
        assertStat(a.idealTestAtT().get("error"), 0.2, 0.0, 2);
    }

    @Test
    void meanStdOfHandComputedValues() {
        assertStat(MeanStd.of(List.of(1.0, 2.0, 4.0)), 7.0 / 3, Math.sqrt(7.0 / 3), 3);
        assertStat(MeanStd.of(List.of(5.0, Double.NaN, Double.POSITIVE_INFINITY)), 5.0, 0.0, 1);
        MeanStd none = MeanStd.of(List.of());
        assertThat(none.n()).isZero();
        assertThat(none.mean()).isNaN();
        assertThat(none.std()).isNaN();
    }

    private static void assertStat(MeanStd stat, double mean, double std, int n) {
        assertThat(stat.n()).as("n").isEqualTo(n);
        assertThat(stat.mean()).as("mean").isCloseTo(mean, within(EPS));
        assertThat(stat.std()).as("std").isCloseTo(std, within(EPS));
    }
}
