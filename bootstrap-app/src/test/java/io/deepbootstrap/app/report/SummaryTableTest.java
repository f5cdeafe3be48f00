package io.deepbootstrap.app.report;

import static io.deepbootstrap.core.result.TestRuns.ideal;
import static io.deepbootstrap.core.result.TestRuns.idealRun;
import static io.deepbootstrap.core.result.TestRuns.real;
import static io.deepbootstrap.core.result.TestRuns.realRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.ExperimentResults;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.result.TestRuns;
import java.util.List;
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

        assertThat(table).isEqualTo(""
                + "architecture     N  test err real  test err ideal  T_stop  max |gap| soft-err"
                + "  mean |gap| soft-err  status\n"
                + "------------  ----  -------------  --------------  ------  ------------------"
                + "  -------------------  --------\n"
                + "cnn           2000         0.2500          0.1000     100              0.0800"
                + "               0.0467  ok\n"
                + "mlp-wide       500         0.5000          0.1500   >1000              0.3000"
                + "               0.2000  ok\n"
                + "cnn            500         0.6000          0.1000       —              0.0500"
                + "               0.0500  diverged\n"
                + "T_stop: first evaluated step with train-error < 0.01 (>T: not reached in T steps).\n"
                + "|gap| = |test soft-error(real) - test soft-error(ideal)| over the evaluated steps up to T_stop.\n"
                + "cnn-n500-s0-real: diverged: real: diverged (loss is NaN at step 10)\n");
    }

    @Test
    void severalSeedsShowMeanAndStdAndAugmentation() {
        // seed 1: final real test error 0.35 (mean with 0.25: 0.30, std 0.0707), converges at 1000
        RunRecord cnn1 = realRun("cnn", 2000, 1, 1000,
                real(100, 0.30, 0.28, 0.9, 0.1, 0.1, 0.5), real(1000, 0.35, 0.30, 1.1, 0.0, 0.001, 0.005));
        RunRecord cnn1Ideal = idealRun("cnn", 1, 1000, ideal(100, 0.20, 0.20, 0.7), ideal(1000, 0.10, 0.08, 0.3));
        RunRecord flip = TestRuns.run(new RunId("cnn", 2000, 0, "flip", World.REAL), RunStatus.OK, "", 1000,
                real(1000, 0.2, 0.2, 1, 0.5, 0.5, 1));

        String table = SummaryTable.render(ExperimentResults.of(
                List.of(CNN, CNN_IDEAL, cnn1, cnn1Ideal, flip), ConvergenceCriterion.DEFAULT));

        // seed 1 gaps: 0.08 at 100, 0.22 at 1000 (T_stop): max 0.22, mean 0.15; T_stop mean 550, std 636
        assertThat(table.lines().toList().subList(0, 4)).containsExactly(
                "architecture     N  augmentation  seeds    test err real   test err ideal     T_stop"
                        + "  max |gap| soft-err  mean |gap| soft-err  status",
                "------------  ----  ------------  -----  ---------------  ---------------  ---------"
                        + "  ------------------  -------------------  -------",
                "cnn           2000  none              2  0.3000 ± 0.0707  0.1000 ± 0.0000  550 ± 636"
                        + "     0.1500 ± 0.0990      0.0983 ± 0.0731  ok",
                "cnn           2000  flip              1           0.2000                —      >1000"
                        + "                   —                    —  pending");
    }

    @Test
    void noComparisonYet() {
        assertThat(SummaryTable.render(ExperimentResults.of(List.of(CNN_IDEAL), ConvergenceCriterion.DEFAULT)))
                .isEqualTo("no real-vs-ideal comparison yet\n");
    }
}
