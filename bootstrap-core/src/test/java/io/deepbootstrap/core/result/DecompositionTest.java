package io.deepbootstrap.core.result;

import static io.deepbootstrap.core.result.TestRuns.ideal;
import static io.deepbootstrap.core.result.TestRuns.idealRun;
import static io.deepbootstrap.core.result.TestRuns.real;
import static io.deepbootstrap.core.result.TestRuns.realRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecompositionTest {

    private static final double EPS = 1e-12;

    @TempDir
    Path dir;

    /**
     * Three architectures at N = 1000, seeds 0 and 1, evaluated at steps 10 and 100 (T = 100).
     * mlp: seed 0 converges at 100 (soft-error real 0.40, ideal 0.15), seed 1 at 10 (0.50, 0.25);
     * cnn: seed 0 converges at 100 (0.30, 0.20), seed 1 never (read at T: 0.32, 0.22);
     * vit: seed 0 converges at 100 (0.60, 0.50), seed 1 failed at step 10 (no value at T, left out).
     */
    static List<RunRecord> threeArchitectures() {
        return List.of(
                realRun("mlp", 1000, 0, 100, real(10, 0.6, 0.60, 1, 0.5, 0.5, 1), real(100, 0.4, 0.40, 1, 0.0, 0.0, 0)),
                idealRun("mlp", 0, 100, ideal(10, 0.5, 0.50, 1), ideal(100, 0.1, 0.15, 1)),
                realRun("mlp", 1000, 1, 100, real(10, 0.5, 0.50, 1, 0.0, 0.0, 0), real(100, 0.5, 0.45, 1, 0.0, 0.0, 0)),
                idealRun("mlp", 1, 100, ideal(10, 0.3, 0.25, 1), ideal(100, 0.1, 0.10, 1)),
                realRun("cnn", 1000, 0, 100, real(10, 0.6, 0.60, 1, 0.5, 0.5, 1), real(100, 0.3, 0.30, 1, 0.0, 0.0, 0)),
                idealRun("cnn", 0, 100, ideal(10, 0.5, 0.50, 1), ideal(100, 0.2, 0.20, 1)),
                realRun("cnn", 1000, 1, 100, real(10, 0.6, 0.60, 1, 0.5, 0.5, 1), real(100, 0.3, 0.32, 1, 0.2, 0.2, 1)),
                idealRun("cnn", 1, 100, ideal(10, 0.5, 0.50, 1), ideal(100, 0.2, 0.22, 1)),
                realRun("vit", 1000, 0, 100, real(10, 0.8, 0.80, 1, 0.5, 0.5, 1), real(100, 0.6, 0.60, 1, 0.0, 0.0, 0)),
                idealRun("vit", 0, 100, ideal(10, 0.7, 0.70, 1), ideal(100, 0.5, 0.50, 1)),
                TestRuns.run(new RunId("vit", 1000, 1, "none", World.REAL), RunStatus.FAILED, "out of memory", 100,
                        real(10, 0.8, 0.80, 1, 0.5, 0.5, 1)),
                idealRun("vit", 1, 100, ideal(10, 0.7, 0.70, 1), ideal(100, 0.5, 0.50, 1)));
    }

    @Test
    void realIsIdealPlusGapAtEachSeedsStopStepAndTheRankingsAreCompared() {
        Decomposition d = ExperimentResults.of(threeArchitectures(), ConvergenceCriterion.DEFAULT)
                .decomposition().orElseThrow();

        assertThat(d.metric()).isEqualTo("soft-error");
        assertThat(d.choices()).extracting(DecompositionChoice::label).containsExactly("mlp", "cnn", "vit");
        DecompositionChoice mlp = d.choices().get(0);
        assertThat(mlp.points()).extracting(DecompositionPoint::step).containsExactly(100, 10);
        assertThat(mlp.converged()).isEqualTo(2);
        assertThat(mlp.real().mean()).isCloseTo(0.45, within(EPS));
        assertThat(mlp.ideal().mean()).isCloseTo(0.20, within(EPS));
        assertThat(mlp.gap().mean()).isCloseTo(0.25, within(EPS));
        assertThat(mlp.gap().std()).isCloseTo(0.0, within(EPS));
        assertThat(mlp.stopStep().mean()).isCloseTo(55, within(EPS));

        DecompositionChoice cnn = d.choices().get(1);
        assertThat(cnn.converged()).isEqualTo(1);
        assertThat(cnn.points()).extracting(DecompositionPoint::converged).containsExactly(true, false);
        assertThat(cnn.real().mean()).isCloseTo(0.31, within(EPS));
        assertThat(cnn.ideal().mean()).isCloseTo(0.21, within(EPS));
        assertThat(cnn.gap().mean()).isCloseTo(0.10, within(EPS));

        DecompositionChoice vit = d.choices().get(2);
        assertThat(vit.points()).hasSize(1);
        assertThat(vit.real().n()).isEqualTo(1);

        for (DecompositionChoice c : d.choices()) {
            assertThat(c.real().mean()).isCloseTo(c.ideal().mean() + c.gap().mean(), within(EPS));
        }
        // real: cnn 0.31 < mlp 0.45 < vit 0.60; ideal: mlp 0.20 < cnn 0.21 < vit 0.50
        assertThat(d.choices()).extracting(DecompositionChoice::realRank).containsExactly(2.0, 1.0, 3.0);
        assertThat(d.choices()).extracting(DecompositionChoice::idealRank).containsExactly(1.0, 2.0, 3.0);
        // pairs: (mlp, cnn) discordant, (mlp, vit) and (cnn, vit) concordant: (2 - 1) / 3
        assertThat(d.rankAgreement().n()).isEqualTo(3);
        assertThat(d.rankAgreement().tau()).isCloseTo(1.0 / 3, within(EPS));
    }

    @Test
    void ranksShareTiesAndSkipMissingValues() {
        assertThat(Decomposition.ranks(new double[] {0.3, 0.1, 0.3, Double.NaN, 0.2}))
                .containsExactly(3.5, 1.0, 3.5, Double.NaN, 2.0);
    }

    @Test
    void labelsNameWhatVariesAndOneChoiceHasNoDecomposition() {
        List<RunRecord> sizes = List.of(
                realRun("cnn", 500, 0, 10, real(10, 0.5, 0.5, 1, 0.0, 0.0, 0)),
                realRun("cnn", 2000, 0, 10, real(10, 0.4, 0.4, 1, 0.3, 0.3, 1)),
                idealRun("cnn", 0, 10, ideal(10, 0.3, 0.3, 1)));

        Decomposition d = ExperimentResults.of(sizes, ConvergenceCriterion.DEFAULT).decomposition().orElseThrow();

        assertThat(d.choices()).extracting(DecompositionChoice::label).containsExactly("n=500", "n=2000");
        assertThat(ExperimentResults.of(sizes.subList(1, 3), ConvergenceCriterion.DEFAULT).decomposition()).isEmpty();
    }

    @Test
    void writtenAsCsvAndInTheSummary() throws IOException {
        ExperimentResults results = ExperimentResults.of(threeArchitectures(), ConvergenceCriterion.DEFAULT);

        ResultFiles.write(dir, "archs", results);

        List<String> csv = Files.readAllLines(dir.resolve(Decomposition.FILE_NAME));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(0)).isEqualTo("choice,architecture,train_size,augmentation,seeds,converged,stop_step_mean,"
                + "real_soft_error_mean,real_soft_error_std,ideal_soft_error_mean,ideal_soft_error_std,"
                + "gap_soft_error_mean,gap_soft_error_std,real_rank,ideal_rank");
        String[] vit = csv.get(3).split(",", -1);
        assertThat(vit).containsExactly("vit", "vit", "1000", "none", "1", "1", "100.0", "0.6", "0.0", "0.5", "0.0",
                Double.toString(0.6 - 0.5), "0.0", "3.0", "3.0");
        String[] mlp = csv.get(1).split(",", -1);
        assertThat(Double.parseDouble(mlp[7])).isCloseTo(0.45, within(EPS));
        assertThat(Double.parseDouble(mlp[8])).isCloseTo(Math.sqrt(0.005), within(EPS));

        JsonNode root = SummaryJson.toTree("archs", results);
        JsonNode rank = root.path("decomposition").path("rank_agreement");
        assertThat(rank.path("choices").asInt()).isEqualTo(3);
        assertThat(rank.path("kendall_tau").asDouble()).isCloseTo(1.0 / 3, within(EPS));
        JsonNode cnnSeed1 = root.path("decomposition").path("choices").get(1).path("seeds").get(1);
        assertThat(cnnSeed1.path("step").asInt()).isEqualTo(100);
        assertThat(cnnSeed1.path("converged").asBoolean()).isFalse();
        assertThat(cnnSeed1.path("gap").asDouble()).isCloseTo(0.10, within(EPS));
    }
}
