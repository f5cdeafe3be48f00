package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.core.checkpoint.Checkpointable;
import io.deepbootstrap.core.checkpoint.StateTree;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The evaluations of an ideal-world run at its real run's T_stop when both train together and T_stop is not known
 * in advance. After each step that may still become a T_stop ({@link StopProgress.Status#PENDING}: a snapshot step
 * of the real run's search, or a step the real run has not reached) the ideal run keeps a {@link NetworkSnapshot} (in
 * the run's {@link SnapshotSpill} file);
 * once the real run says a pending step is no T_stop the snapshot is dropped, and once it says it is, the snapshot
 * is swapped in, the test sets are evaluated, and the run's own weights are swapped back bit for bit. The
 * evaluation is the one the run would have made at that step had T_stop been known (same step, examples, learning
 * rate, elapsed training time and test metrics).
 *
 * <p>So that the curve (and the listeners) see evaluations in step order, the run waits — giving its turn to the real
 * run — before an evaluation step while an earlier step is pending, and when {@link StopStepSearch#MAX_SNAPSHOTS}
 * snapshots are pending (the real run's search evaluates S by then, so this bounds memory like the search's own
 * snapshots). Waiting ends early when the real run ended (everything is then known) or a stop was requested
 * (the pending snapshots go into the checkpoint, {@link Checkpointable}).
 */
final class DeferredStopEvaluations implements Checkpointable, AutoCloseable {
    private final StopProgress progress;
    private final StepTurns turns;
    private final Network network;
    private final Evaluator evaluator;
    private final TestSets tests;
    private final int batchSize;
    private final LearningRateSchedule schedule;
    private final BooleanSupplier stopRequested;
    private final SnapshotSpill spill;
    private final List<NetworkSnapshot> pending = new ArrayList<>();

    /** Snapshots go to a temporary file ({@link SnapshotSpill#temporary()}). */
    DeferredStopEvaluations(WorldPair pair, Network network, Evaluator evaluator, TestSets tests, int batchSize,
                            LearningRateSchedule schedule, BooleanSupplier stopRequested) {
        this(pair, network, evaluator, tests, batchSize, schedule, stopRequested, SnapshotSpill.temporary());
    }

    /** Snapshots go to {@code spill}; {@link #close()} closes (deletes) it. */
    DeferredStopEvaluations(WorldPair pair, Network network, Evaluator evaluator, TestSets tests, int batchSize,
                            LearningRateSchedule schedule, BooleanSupplier stopRequested, SnapshotSpill spill) {
        this.spill = spill;
        this.progress = pair.progress();
        this.turns = pair.turns();
        this.network = network;
        this.evaluator = evaluator;
        this.tests = tests;
        this.batchSize = batchSize;
        this.schedule = schedule;
        this.stopRequested = stopRequested;
    }

    /**
     * After a training step (that did not diverge).
     *
     * @param step the step just trained
     * @param trainNanos the training time so far
     * @param evaluationStep whether the trainer evaluates at {@code step} (then nothing is kept for it)
     * @return evaluations at earlier T_stops resolved now (and at {@code step} if it is a T_stop and no evaluation
     *     step), in step order, to go into the curve before the trainer's own evaluation at {@code step}
     */
    List<Evaluation> afterStep(int step, long trainNanos, boolean evaluationStep) {
        List<Evaluation> out = new ArrayList<>();
        resolve(out);
        if (!evaluationStep) {
            StopProgress.Status status = progress.status(step);
            if (status == StopProgress.Status.STOP) {
                out.add(evaluation(step, trainNanos));
            } else if (status == StopProgress.Status.PENDING) {
                pending.add(NetworkSnapshot.take(network, step, trainNanos, spill));
            }
        } else {
            waitUntil(() -> pending.isEmpty() || pending.get(0).step() > step, out);
        }
        if (pending.size() >= StopStepSearch.MAX_SNAPSHOTS) {
            waitUntil(() -> pending.size() < StopStepSearch.MAX_SNAPSHOTS, out);
        }
        return out;
    }

    /**
     * At the end of the run (its last step, or divergence): waits until every pending step is resolved.
     *
     * @param lastStep the last step trained: pending steps after it are dropped
     * @return the remaining evaluations in step order; null if the real run stopped first (the pending steps
     *     cannot be resolved in this process)
     */
    List<Evaluation> finish(int lastStep) {
        List<Evaluation> out = new ArrayList<>();
        pending.removeIf(s -> {
            if (s.step() > lastStep) {
                s.close();
                return true;
            }
            return false;
        });
        waitUntil(pending::isEmpty, out);
        return pending.isEmpty() ? out : null;
    }

    private void waitUntil(BooleanSupplier done, List<Evaluation> out) {
        while (!done.getAsBoolean()) {
            boolean settled = progress.settled();
            long seen = progress.version();
            resolve(out);
            if (done.getAsBoolean() || settled || stopRequested.getAsBoolean()) {
                return;
            }
            turns.handOver(); // the real run trains its turn's steps meanwhile (if it still trains)
            turns.acquire();
            progress.awaitChange(seen, 100);
            resolve(out);
        }
    }

    /** Drops the pending steps known to be no T_stop; evaluates those known to be one. */
    private void resolve(List<Evaluation> out) {
        Iterator<NetworkSnapshot> it = pending.iterator();
        while (it.hasNext()) {
            NetworkSnapshot s = it.next();
            StopProgress.Status status = progress.status(s.step());
            if (status == StopProgress.Status.PENDING) {
                continue;
            }
            if (status == StopProgress.Status.STOP) {
                NetworkSnapshot current = NetworkSnapshot.take(network, 0, 0, spill);
                try {
                    s.loadInto(network);
                    out.add(evaluation(s.step(), s.trainNanos()));
                } finally {
                    current.loadInto(network);
                    current.close();
                }
            }
            s.close();
            it.remove();
        }
    }

    private Evaluation evaluation(int step, long trainNanos) {
        Map<String, Double> test = tests.evaluate(evaluator, network);
        return new Evaluation(step, (long) step * batchSize, schedule.at(step), trainNanos / 1e9, test, Map.of());
    }

    @Override
    public void saveState(StateTree state) {
        NetworkSnapshot.saveAll(pending, state);
    }

    @Override
    public void restoreState(StateTree state) {
        dropAll();
        pending.addAll(NetworkSnapshot.restoreAll(state, spill));
    }

    /** @return the file the snapshots are kept in (for its statistics) */
    SnapshotSpill spill() {
        return spill;
    }

    private void dropAll() {
        pending.forEach(NetworkSnapshot::close);
        pending.clear();
    }

    /** Drops the snapshots and deletes their file. */
    @Override
    public void close() {
        dropAll();
        spill.close();
    }
}
