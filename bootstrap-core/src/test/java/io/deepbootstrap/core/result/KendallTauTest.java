package io.deepbootstrap.core.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KendallTauTest {

    private static final double EPS = 1e-12;

    @Test
    void identicalAndReversedRankings() {
        assertThat(KendallTau.of(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {1, 2, 3, 4}).tau()).isEqualTo(1.0);
        assertThat(KendallTau.of(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {4, 3, 2, 1}).tau()).isEqualTo(-1.0);
    }

    @Test
    void partialAgreementCountedByHand() {
        // y = 3 1 2 5 4 against x = 1..5: discordant (1,2) (1,3) (4,5); the other 7 pairs concordant
        KendallTau t = KendallTau.of(new double[] {1, 2, 3, 4, 5}, new double[] {3, 1, 2, 5, 4});

        assertThat(t.concordant()).isEqualTo(7);
        assertThat(t.discordant()).isEqualTo(3);
        assertThat(t.n()).isEqualTo(5);
        assertThat(t.tau()).isCloseTo(0.4, within(EPS));
    }

    @Test
    void tiesUseTauB() {
        // x = 1 2 2 3, y = 1 3 2 3: pairs (1,2) (1,3) (1,4) (3,4) concordant; (2,3) tied in x, (2,4) tied in y
        // tau-b = (4 - 0) / sqrt((6 - 1) * (6 - 1)) = 0.8 (tau-a would give 4/6)
        KendallTau t = KendallTau.of(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 3});

        assertThat(t.concordant()).isEqualTo(4);
        assertThat(t.discordant()).isZero();
        assertThat(t.tiedX()).isEqualTo(1);
        assertThat(t.tiedY()).isEqualTo(1);
        assertThat(t.tau()).isCloseTo(0.8, within(EPS));
    }

    @Test
    void undefinedForOneItemOrAllTied() {
        assertThat(KendallTau.of(new double[] {0.3}, new double[] {0.2}).tau()).isNaN();
        assertThat(KendallTau.of(new double[] {1, 1, 1}, new double[] {1, 2, 3}).tau()).isNaN();
    }

    @Test
    void rejectsMismatchedOrNonFiniteInput() {
        assertThatThrownBy(() -> KendallTau.of(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rankings differ in length: 2 vs 1");
        assertThatThrownBy(() -> KendallTau.of(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .hasMessage("item 1 has a non-finite value: NaN, 2.0");
    }
}
