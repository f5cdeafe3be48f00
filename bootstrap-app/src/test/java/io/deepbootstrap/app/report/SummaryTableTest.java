package io.deepbootstrap.app.report;

import static io.deepbootstrap.core.result.TestRuns.ideal;
import static io.deepbootstrap.core.result.TestRuns.idealRun;
import static io.deepbootstrap.core.result.TestRuns.real;
import static io.deepbootstrap.core.result.TestRuns.realRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.ExperimentResults;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.result.TestRuns;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

    // T_stop 100 (train error 0.005); soft-error gaps -0.01, 0.05, 0.08, 0.12: max 0.08, mean 0.046667 up to T_stop
    static final RunRecord CNN = realRun("cnn", 2000, 0, 1000,
            real(1, 0.90, 0.85, 2.3, 0.90, 0.85, 2.3),
            real(10, 0.60, 0.55, 1.5, 0.50, 0.45, 1.2),
            real(100, 0.30, 0.28, 0.9, 0.005, 0.01, 0.05),
            real(1000, 0.25, 0.20, 1.1, 0.0, 0.001, 0.005));
    static final RunRecord CNN_IDEAL = idealRun("cnn", 0, 1000,
            ideal(1, 0.90, 0.86, 2.3),
            ideal(10, 0.58, 0.50, 1.4),
            ideal(100, 0.20, 0.20, 0.7),
            ideal(1000, 0.10, 0.08, 0.3));
    // never converges; soft-error gaps 0.1 and 0.3: max 0.3, mean 0.2
    static final RunRecord MLP = realRun("mlp-wide", 500, 0, 1000,
            real(10, 0.7, 0.6, 1, 0.5, 0.5, 1), real(1000, 0.5, 0.5, 1, 0.2, 0.2, 1));
    static final RunRecord MLP_IDEAL = idealRun("mlp-wide", 0, 1000,
            ideal(10, 0.6, 0.5, 1), ideal(1000, 0.15, 0.2, 1));

    @Test
    void oneSeedPerRow() {
        RunRecord diverged = TestRuns.run(new RunId("cnn", 500, 0, "none", World.REAL), RunStatus.DIVERGED,
                "loss is NaN at step 10", 1000, real(10, 0.6, 0.55, 1.5, 0.5, 0.45, 1.2));

        String table = SummaryTable.render(ExperimentResults.of(
                List.of(CNN, CNN_IDEAL, MLP, MLP_IDEAL, diverged), ConvergenceCriterion.DEFAULT));

        // cnn: T_stop 100, soft-error 0.28 / 0.20 there, mean |gap| (9 * 0.03 + 90 * 0.065) / 99 = 0.0618;
        // mlp-wide never converges: mean |gap| over [10, 1000] = 0.2; the diverged run has no value at T.
        // Rank agreement: only cnn (0.28 / 0.20 at T_stop) and mlp-wide (0.5 / 0.2 at T) have values, and they
        // tie in the ideal world, so tau-b is undefined
        assertThat(table).isEqualTo(""
                + "architecture     N  seeds  T_stop  soft-err real @T_stop  soft-err ideal @T_stop  gap @T_stop"
                + "  mean |gap| to T_stop  test err real @T  test err ideal @T  status\n"
                + "------------  ----  -----  ------  ---------------------  ----------------------  -----------"
                + "  --------------------  ----------------  -----------------  --------\n"
                + "cnn           2000      1     100                 0.2800                  0.2000       0.0800"
                + "                0.0618            0.2500             0.1000  ok\n"
                + "mlp-wide       500      1   >1000                      —                       —            —"
                + "                0.2000            0.5000             0.1500  ok\n"
                + "cnn            500      1       —                      —                       —            —"
                + "                0.0500                 —             0.1000  diverged\n"
                + "T_stop: first step with train-error < 0.01 on S (within max(4 steps, 3%)); >T: not reached in T steps (those"
                + " seeds have a row of their own, their mean |gap| is over [1, T]).\n"
                + "soft-err: test soft-error; gap = soft-err(real) - soft-err(ideal), both evaluated at T_stop;"
                + " mean |gap|: step-weighted (trapezoid) over steps [1, T_stop].\n"
                + "@T: at the last step T. Values over seeds: mean ± sample std, (k) when only k seeds have a"
                + " value.\n"
                + "Rank agreement of the two worlds over the 2 choices with values (test soft-error at each seed's"
                + " T_stop, or T): Kendall's tau = undefined (decomposition.csv).\n"
                + "cnn-n500-s0-real: diverged: real: diverged (loss is NaN at step 10)\n");
    }

    @Test
    void furtherTestSetsGetATableOfTheirOwn() {
        // test set "real" beside the primary: soft-error real 0.9, 0.7, 0.4, 0.38 and ideal 0.9, 0.65, 0.35, 0.3;
        // gaps 0, 0.05, 0.05 up to T_stop 100: mean (9 * 0.025 + 90 * 0.05) / 99 = 0.0477; error at T 0.33 / 0.29
        double[][] realSet = {{0.9, 0.9}, {0.7, 0.7}, {0.5, 0.4}, {0.33, 0.38}};
        double[][] idealSet = {{0.9, 0.9}, {0.6, 0.65}, {0.4, 0.35}, {0.29, 0.3}};
        RunRecord real = withSet(CNN, realSet);
        RunRecord ideal = withSet(CNN_IDEAL, idealSet);
        ExperimentResults results = ExperimentResults.of(List.of(real, ideal), ConvergenceCriterion.DEFAULT);

        String table = SummaryTable.render(results, "generated");

        assertThat(table).startsWith(SummaryTable.render(ExperimentResults.of(List.of(CNN, CNN_IDEAL),
                ConvergenceCriterion.DEFAULT)).lines().limit(3).map(l -> l + "\n").reduce("", String::concat));
        assertThat(table).contains("Further test sets (evaluation.test-sets after the first; the table above is the primary set 'generated'):\n"
                + "test set  architecture     N  seeds  T_stop  soft-err real @T_stop  soft-err ideal @T_stop  gap @T_stop"
                + "  mean |gap| to T_stop  test err real @T  test err ideal @T\n");
        assertThat(table.lines().filter(l -> l.startsWith("real ")).map(l -> List.of(l.trim().split("\\s{2,}"))))
                .containsExactly(List.of("real", "cnn", "2000", "1", "100", "0.4000", "0.3500", "0.0500", "0.0477", "0.3300", "0.2900"));
    }

    /** The run with a further test set "real" whose error and soft-error at its i-th evaluation are values[i]. */
    private static RunRecord withSet(RunRecord run, double[][] values) {
        List<Evaluation> curve = new java.util.ArrayList<>();
        for (int i = 0; i < run.curve().size(); i++) {
            Evaluation e = run.curve().get(i);
            Map<String, Double> test = new java.util.HashMap<>(e.test());
            test.put("real/error", values[i][0]);
            test.put("real/soft-error", values[i][1]);
            curve.add(new Evaluation(e.step(), e.examplesSeen(), e.learningRate(), e.elapsedSeconds(), test, e.train()));
        }
        return new RunRecord(run.id(), run.status(), run.message(), run.steps(), run.batchSize(), run.initialization(), curve);
    }

    @Test
    void severalSeedsShowMeanAndStdAndAugmentation() {
        // seed 1 converges at 1000: soft-error 0.30 / 0.08 there, gaps 0.08 at 100 and 0.22 at 1000
        RunRecord cnn1 = realRun("cnn", 2000, 1, 1000,
                real(100, 0.30, 0.28, 0.9, 0.1, 0.1, 0.5), real(1000, 0.35, 0.30, 1.1, 0.0, 0.001, 0.005));
        RunRecord cnn1Ideal = idealRun("cnn", 1, 1000, ideal(100, 0.20, 0.20, 0.7), ideal(1000, 0.10, 0.08, 0.3));
        RunRecord flip = TestRuns.run(new RunId("cnn", 2000, 0, "flip", World.REAL), RunStatus.OK, "", 1000,
                real(1000, 0.2, 0.2, 1, 0.5, 0.5, 1));

        String table = SummaryTable.render(ExperimentResults.of(
                List.of(CNN, CNN_IDEAL, cnn1, cnn1Ideal, flip), ConvergenceCriterion.DEFAULT));

        // T_stop 100 and 1000: 550 ± 636; real 0.28 / 0.30; ideal 0.20 / 0.08; gap 0.08 / 0.22;
        // mean |gap| 0.0618182 / 0.15; test error at T real 0.25 / 0.35, ideal 0.10 / 0.10
        assertThat(table.lines().toList().subList(0, 4)).containsExactly(
                "architecture     N  augmentation  seeds     T_stop  soft-err real @T_stop  soft-err ideal @T_stop"
                        + "      gap @T_stop  mean |gap| to T_stop  test err real @T  test err ideal @T  status",
                "------------  ----  ------------  -----  ---------  ---------------------  ----------------------"
                        + "  ---------------  --------------------  ----------------  -----------------  -------",
                "cnn           2000  none              2  550 ± 636        0.2900 ± 0.0141         0.1400 ± 0.0849"
                        + "  0.1500 ± 0.0990       0.1059 ± 0.0624   0.3000 ± 0.0707    0.1000 ± 0.0000  ok",
                "cnn           2000  flip              1      >1000                      —                       —"
                        + "                —                     —            0.2000                  —  pending");
    }

    @Test
    void convergedAndUnconvergedSeedsOfOneSettingHaveRowsOfTheirOwn() {
        // seed 1 never converges (train error 0.5): its own row, mean |gap| over [1, 1000]
        RunRecord cnn1 = realRun("cnn", 2000, 1, 1000,
                real(1, 0.9, 0.9, 2, 0.9, 0.9, 2), real(1000, 0.40, 0.30, 1.1, 0.5, 0.5, 1));
        RunRecord cnn1Ideal = idealRun("cnn", 1, 1000, ideal(1, 0.9, 0.9, 2), ideal(1000, 0.10, 0.10, 0.3));

        List<String> lines = SummaryTable.render(ExperimentResults.of(
                List.of(CNN, CNN_IDEAL, cnn1, cnn1Ideal), ConvergenceCriterion.DEFAULT)).lines().toList();

        // gap 0 at step 1 and 0.2 at step 1000: step-weighted mean 0.1
        assertThat(lines.get(2)).startsWith("cnn           2000      1     100").endsWith("ok");
        assertThat(lines.get(3)).isEqualTo("cnn           2000      1   >1000                      —"
                + "                       —            —                0.1000            0.4000             0.1000  ok");
    }

    @Test
    void noComparisonYet() {
        assertThat(SummaryTable.render(ExperimentResults.of(List.of(CNN_IDEAL), ConvergenceCriterion.DEFAULT)))
                .isEqualTo("no real-vs-ideal comparison yet\n");
    }
}
