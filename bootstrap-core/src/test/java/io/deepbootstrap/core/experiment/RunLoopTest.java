package io.deepbootstrap.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunLoopTest {
    private static RunId real(long seed) {
        return new RunId("mlp", 1000, seed, "none", World.REAL);
    }

    private static RunId ideal(long seed) {
        return new RunId("mlp", 0, seed, "none", World.IDEAL);
    }

    @Test
    void aFreeSlotSkipsIdealRunsWhoseRealRunsAreStillTraining() {
        // the sequential training order: each cell's real run, then the previous cell's ideal run
        List<RunId> waiting = new ArrayList<>(List.of(real(0), ideal(0), real(1), ideal(1), real(2), ideal(2)));
        Set<RunId> unended = new HashSet<>(waiting);
        List<RunId> started = new ArrayList<>();
        for (int slot = 0; slot < 3; slot++) {
            started.add(RunLoop.next(waiting, unended));
        }
        assertEquals(List.of(real(0), real(1), real(2)), started, "three slots: the three real runs, no ideal run waiting");
        unended.remove(real(1));
        assertEquals(ideal(1), RunLoop.next(waiting, unended), "the ideal run whose real run ended comes first");
        assertEquals(ideal(0), RunLoop.next(waiting, unended), "none ready: the first waiting run");
        assertEquals(List.of(ideal(2)), waiting);
    }

    @Test
    void anIdealRunWaitsForTheRealRunsOfEveryTrainSizeOfItsCell() {
        RunId small = new RunId("mlp", 500, 0, "none", World.REAL);
        List<RunId> waiting = new ArrayList<>(List.of(ideal(0), real(1)));
        Set<RunId> unended = new HashSet<>(List.of(small, real(0), ideal(0), real(1)));
        unended.remove(real(0));
        assertEquals(real(1), RunLoop.next(waiting, unended), "seed 0's n = 500 run still trains");
        unended.remove(small);
        assertEquals(ideal(0), RunLoop.next(waiting, unended));
    }
}
