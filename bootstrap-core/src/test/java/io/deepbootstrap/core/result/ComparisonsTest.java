package io.deepbootstrap.core.result;

import static io.deepbootstrap.core.result.TestRuns.ideal;
import static io.deepbootstrap.core.result.TestRuns.idealRun;
import static io.deepbootstrap.core.result.TestRuns.real;
import static io.deepbootstrap.core.result.TestRuns.realRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonsTest {

    @Test
    void pairsEveryRealRunWithTheIdealRunOfItsArchitectureSeedAndAugmentation() {
        RunRecord idealMlp = idealRun("mlp", 0, 10, ideal(10, 0.5, 0.5, 1));
        RunRecord idealCnn0 = idealRun("cnn", 0, 10, ideal(10, 0.4, 0.4, 1));
        RunRecord idealCnn1 = idealRun("cnn", 1, 10, ideal(10, 0.3, 0.3, 1));
        RunRecord cnn1000 = realRun("cnn", 1000, 0, 10, real(10, 0.6, 0.6, 1, 0, 0, 0));
        RunRecord cnn2000 = realRun("cnn", 2000, 0, 10, real(10, 0.5, 0.5, 1, 0, 0, 0));
        RunRecord cnn2000s1 = realRun("cnn", 2000, 1, 10, real(10, 0.5, 0.5, 1, 0, 0, 0));
        RunRecord mlp1000 = realRun("mlp", 1000, 0, 10, real(10, 0.7, 0.7, 1, 0, 0, 0));
        RunRecord mlp1000s1 = realRun("mlp", 1000, 1, 10, real(10, 0.7, 0.7, 1, 0, 0, 0));

        List<Comparison> comparisons = Comparisons.of(
                List.of(cnn1000, idealMlp, cnn2000, idealCnn0, cnn2000s1, mlp1000, idealCnn1, mlp1000s1),
                ConvergenceCriterion.DEFAULT);

        assertThat(comparisons).extracting(Comparison::real)
                .containsExactly(cnn1000, cnn2000, cnn2000s1, mlp1000, mlp1000s1);
        assertThat(comparisons).extracting(Comparison::ideal)
                .containsExactly(idealCnn0, idealCnn0, idealCnn1, idealMlp, null);
        assertThat(comparisons).extracting(Comparison::status).containsExactly(ComparisonStatus.OK,
                ComparisonStatus.OK, ComparisonStatus.OK, ComparisonStatus.OK, ComparisonStatus.PENDING);
    }

    @Test
    void rejectsTwoIdealRunsForOneKey() {
        RunRecord ideal = idealRun("cnn", 0, 10, ideal(10, 0.4, 0.4, 1));

        assertThatThrownBy(() -> Comparisons.of(List.of(ideal, ideal), ConvergenceCriterion.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two ideal-world runs for architecture cnn, seed 0, augmentation none: "
                        + "cnn-s0-ideal and cnn-s0-ideal");
    }
}
