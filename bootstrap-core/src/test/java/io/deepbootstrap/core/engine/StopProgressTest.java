package io.deepbootstrap.core.engine;

import static io.deepbootstrap.core.engine.StopProgress.Status.NOT_STOP;
import static io.deepbootstrap.core.engine.StopProgress.Status.PENDING;
import static io.deepbootstrap.core.engine.StopProgress.Status.STOP;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What an ideal run reads from its real run's T_stop progress ({@link StopProgress}). */
class StopProgressTest {
    @Test
    void candidatesStayPendingUntilClearedOrLocatedAndUnreachedStepsArePending() {
        StopProgress p = new StopProgress();
        assertThat(p.status(1)).as("not reached by the real run yet").isEqualTo(PENDING);
        p.candidate(4);
        p.candidate(8);
        p.stepDone(9);
        assertThat(p.status(3)).as("finished, no snapshot step: never a T_stop").isEqualTo(NOT_STOP);
        assertThat(p.status(4)).isEqualTo(PENDING);
        assertThat(p.status(8)).isEqualTo(PENDING);
        assertThat(p.status(10)).isEqualTo(PENDING);
        p.cleared(6);
        assertThat(p.status(4)).as("S did not meet the criterion at 6").isEqualTo(NOT_STOP);
        assertThat(p.status(8)).isEqualTo(PENDING);
        long seen = p.version();
        p.located(8);
        assertThat(p.version()).isNotEqualTo(seen);
        assertThat(p.status(8)).isEqualTo(STOP);
        assertThat(p.status(12)).as("only the first crossing is T_stop").isEqualTo(NOT_STOP);
        assertThat(p.settled()).isFalse();
        p.ended(OptionalInt.of(8));
        assertThat(p.settled()).isTrue();
        assertThat(p.status(8)).isEqualTo(STOP);
    }

    @Test
    void anEndedOrResolvedRunAnswersEveryStepAndAnAbandonedOneLeavesUnknownStepsPending() {
        StopProgress p = new StopProgress();
        p.candidate(4);
        p.stepDone(5);
        p.ended(OptionalInt.empty());
        assertThat(p.status(4)).isEqualTo(NOT_STOP);
        assertThat(p.status(500)).isEqualTo(NOT_STOP);

        StopProgress known = StopProgress.resolved(new int[] {30, 7});
        assertThat(known.status(7)).isEqualTo(STOP);
        assertThat(known.status(30)).isEqualTo(STOP);
        assertThat(known.status(8)).isEqualTo(NOT_STOP);

        StopProgress stopped = new StopProgress();
        stopped.candidate(4);
        stopped.stepDone(5);
        stopped.abandoned();
        assertThat(stopped.settled()).isTrue();
        assertThat(stopped.status(4)).isEqualTo(PENDING);
        assertThat(stopped.status(6)).isEqualTo(PENDING);
        assertThat(stopped.status(5)).isEqualTo(NOT_STOP);
        assertThat(stopped.awaitChange(stopped.version(), 1)).as("waiting times out without a change").isTrue();
    }
}
