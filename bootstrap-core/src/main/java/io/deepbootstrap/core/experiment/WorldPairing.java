package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.core.engine.StopProgress;
import io.deepbootstrap.core.engine.WorldPair;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.PairKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Trains a cell's last real-world run and its ideal-world run together in one slot ({@code training.pair-worlds}):
 * two threads that take turns of {@link #STEPS_PER_TURN} steps ({@link Baton}; the ideal run is prepared and starts once the real run has
 * trained its first turn, so that what they share — the seed's data split, the cell's initial or pretrained weights —
 * is made once, by the real run), so that both worlds train on the machine at the same time
 * and their training time per step compares like with like, whatever the machine's speed does over the experiment.
 * The ideal run does not know its real run's T_stop in advance: it keeps snapshots of the steps that may still become
 * T_stop and evaluates them once the real run's search has located it ({@link StopProgress},
 * {@code DeferredStopEvaluations}), so its record is the one it would have had trained after the real run.
 *
 * <p>A cell pairs only when exactly one of its real runs is left to train in this process (one N, or the others
 * finished earlier): with several, their T_stops are only known at their ends and the old order (real runs first)
 * is kept.
 */
final class WorldPairing {
    /** The steps each world trains in a turn ({@link Baton}). */
    static final int STEPS_PER_TURN = 16;

    private final ConvergenceCriterion criterion;
    private final Map<PairKey, Live> live = new ConcurrentHashMap<>();

    private record Live(StopProgress progress, Baton baton) {
    }

    /** @param criterion how T_stop is read from the real run's record */
    WorldPairing(ConvergenceCriterion criterion) {
        this.criterion = criterion;
    }

    /**
     * @param todo the runs to train, in training order
     * @return the units a slot trains: one run, or [real, ideal] for a cell whose ideal run and exactly one real run
     *     are in {@code todo} (placed where the real run was)
     */
    static List<List<RunId>> units(List<RunId> todo) {
        Map<PairKey, List<RunId>> reals = new HashMap<>();
        Map<PairKey, RunId> ideals = new HashMap<>();
        for (RunId id : todo) {
            if (id.world() == World.IDEAL) {
                ideals.put(PairKey.of(id), id);
            } else {
                reals.computeIfAbsent(PairKey.of(id), k -> new ArrayList<>()).add(id);
            }
        }
        List<List<RunId>> units = new ArrayList<>();
        for (RunId id : todo) {
            PairKey cell = PairKey.of(id);
            boolean paired = ideals.containsKey(cell) && reals.getOrDefault(cell, List.of()).size() == 1;
            if (!paired) {
                units.add(List.of(id));
            } else if (id.world() != World.IDEAL) {
                units.add(List.of(id, ideals.get(cell)));
            }
        }
        return units;
    }

    /**
     * @param id a run
     * @return its side of the pair it trains in now, or null if it trains alone
     */
    WorldPair side(RunId id) {
        Live l = live.get(PairKey.of(id));
        return l == null ? null : new WorldPair(l.progress(), l.baton().side(id.world() == World.REAL ? 0 : 1));
    }

    /**
     * Trains a pair: the ideal run on a thread of its own, the real run on this one; returns when both have ended.
     *
     * @param real the real-world run
     * @param ideal the ideal-world run of its cell
     * @param run trains one run, returning how it ended
     * @return how the real run and the ideal run ended, in that order
     */
    List<RunLoop.Ended> train(RunId real, RunId ideal, Function<RunId, RunLoop.Ended> run) {
        Live pair = new Live(new StopProgress(), new Baton(STEPS_PER_TURN));
        live.put(PairKey.of(real), pair);
        RunLoop.Ended[] idealEnded = new RunLoop.Ended[1];
        Throwable[] idealCrash = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                pair.baton().side(1).acquire(); // starts once the real run has trained its first turn (or ended)
                idealEnded[0] = run.apply(ideal);
            } catch (Throwable t) {
                idealCrash[0] = t;
            } finally {
                pair.baton().side(1).leave();
            }
        }, "run-" + ideal.label());
        thread.setDaemon(true);
        thread.start();
        RunLoop.Ended realEnded = null;
        try {
            realEnded = run.apply(real);
        } finally {
            pair.baton().side(0).leave();
            if (realEnded != null && realEnded.record() != null) {
                pair.progress().ended(criterion.stopStep(realEnded.record().curve()));
            } else {
                pair.progress().abandoned();
            }
            join(thread);
            live.remove(PairKey.of(real));
        }
        if (idealCrash[0] != null) {
            throw new IllegalStateException("run " + ideal + " crashed: " + idealCrash[0], idealCrash[0]);
        }
        return List.of(realEnded, idealEnded[0]);
    }

    private static void join(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
