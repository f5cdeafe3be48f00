package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.PairKey;
import io.deepbootstrap.core.result.RunRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * The T_stops of the real-world runs recorded so far, by cell ({@link PairKey}), so that the cell's ideal-world
 * run, trained after them, is evaluated at every one of them: the gap at T_stop then compares both worlds at the
 * same step. Records of earlier processes count like new ones. Thread-safe: an ideal run training concurrently
 * waits for the real runs of its cell.
 */
final class StopSteps {
    private final ConvergenceCriterion criterion;
    private final Map<PairKey, Map<RunId, OptionalInt>> byCell = new HashMap<>();
    private final Map<PairKey, List<Integer>> given = new HashMap<>();

    /** @param criterion how T_stop is read from a real run's curve */
    StopSteps(ConvergenceCriterion criterion) {
        this.criterion = criterion;
    }

    /** @param record a finished run (ideal-world runs are ignored); recording one twice changes nothing */
    synchronized void recorded(RunRecord record) {
        if (record.id().world() != World.REAL) {
            return;
        }
        byCell.computeIfAbsent(PairKey.of(record.id()), k -> new HashMap<>()).put(record.id(), criterion.stopStep(record.curve()));
        notifyAll();
    }

    /**
     * @param cell a cell
     * @param reals how many real runs it has
     * @param stopped whether the experiment is stopping (then waiting ends with what is known)
     * @return the T_stops of the cell's real runs, sorted, once all {@code reals} are recorded; null if a stop was
     *     requested (or the thread interrupted) before
     */
    synchronized int[] waitFor(PairKey cell, int reals, BooleanSupplier stopped) {
        while (byCell.getOrDefault(cell, Map.of()).size() < reals) {
            if (stopped.getAsBoolean()) {
                return null;
            }
            try {
                wait(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return known(cell);
    }

    /**
     * @param cell a cell
     * @return the T_stops recorded so far for the cell, sorted, without waiting
     */
    synchronized int[] known(PairKey cell) {
        TreeSet<Integer> steps = new TreeSet<>(given.getOrDefault(cell, List.of()));
        byCell.getOrDefault(cell, Map.of()).values().forEach(s -> s.ifPresent(steps::add));
        return steps.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param cell a cell
     * @param steps T_stops of its real runs trained elsewhere (a sweep engine's driver knows them)
     */
    synchronized void given(PairKey cell, List<Integer> steps) {
        given.put(cell, List.copyOf(steps));
    }

    /**
     * @param grid sorted evaluation steps
     * @param extra further steps
     * @return the sorted union
     */
    static int[] merge(int[] grid, int[] extra) {
        TreeSet<Integer> steps = new TreeSet<>();
        for (int s : grid) {
            steps.add(s);
        }
        for (int s : extra) {
            steps.add(s);
        }
        return steps.stream().mapToInt(Integer::intValue).toArray();
    }
}
