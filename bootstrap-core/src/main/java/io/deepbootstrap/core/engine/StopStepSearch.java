package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.core.checkpoint.Checkpointable;
import io.deepbootstrap.core.checkpoint.StateTree;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Locates the real world's T_stop — the first step at which its train metric on S meets the convergence
 * criterion — to within {@code max(4 steps, 3%)} of the exact step, without evaluating S at every step.
 *
 * <p>How: between two evaluations of S the search keeps snapshots of the network (parameters and buffers, in the
 * run's {@link SnapshotSpill} file, not in memory) every {@link #spacing(int)} steps. When an evaluation of S meets the criterion while the previous
 * one did not, the crossing lies between them, and a bisection over the snapshots (swapping each into the
 * network, evaluating S, swapping the current weights back bit for bit) finds the first snapshot that meets it:
 * {@code ceil(log2(k + 1))} evaluations of S for k snapshots, and no step trained twice. The found step is at
 * most one spacing after the exact one, because every point is at most {@code max(4, 3%)} after the previous
 * one. When {@link #MAX_SNAPSHOTS} snapshots have piled up (a coarse evaluation grid), S is evaluated at once
 * (a probe) so that the snapshots kept stay bounded. The test sets are evaluated at T_stop with T_stop's weights, so the
 * record holds an evaluation at exactly T_stop. This assumes the train metric, once met, does not rise above
 * the threshold again before the next evaluation of S (it then finds a crossing, not necessarily the first).
 *
 * <p>Its state (the snapshots too) goes into the run's checkpoint, so a resumed run finds the same T_stop.
 */
public final class StopStepSearch implements Checkpointable, AutoCloseable {
    /** The smallest snapshot spacing, in steps. */
    public static final int MIN_SPACING = 4;
    /** The snapshot spacing relative to the step. */
    public static final double RELATIVE_SPACING = 0.03;
    /** How many snapshots are kept before S is evaluated to drop them. */
    public static final int MAX_SNAPSHOTS = 24;

    private final ConvergenceCriterion criterion;
    private final Network network;
    private final Evaluator evaluator;
    private final ExampleSet train;
    private final TestSets tests;
    private final int batchSize;
    private final LearningRateSchedule schedule;
    private final SnapshotSpill spill;
    private final List<NetworkSnapshot> snapshots = new ArrayList<>();
    private int nextSnapshot = spacing(0);
    private int found;
    private int extraEvaluations;
    private long nanos;
    private StopProgress progress;

    /**
     * @param criterion what counts as converged
     * @param network the real world's network (its weights are swapped in and out while locating, and always
     *     restored)
     * @param evaluator the evaluator
     * @param train the train set S
     * @param tests the test sets, evaluated at T_stop
     * @param batchSize B (for the examples seen at T_stop)
     * @param schedule the learning-rate schedule (for the learning rate recorded at T_stop)
     */
    public StopStepSearch(ConvergenceCriterion criterion, Network network, Evaluator evaluator, ExampleSet train,
                          TestSets tests, int batchSize, LearningRateSchedule schedule) {
        this(criterion, network, evaluator, train, tests, batchSize, schedule, SnapshotSpill.temporary());
    }

    /**
     * A search whose snapshots go to {@code spill}.
     *
     * @param criterion what counts as converged
     * @param network the real world's network
     * @param evaluator the evaluator
     * @param train the train set S
     * @param tests the test sets, evaluated at T_stop
     * @param batchSize B
     * @param schedule the learning-rate schedule
     * @param spill the file the snapshots are kept in; {@link #close()} closes (deletes) it
     */
    StopStepSearch(ConvergenceCriterion criterion, Network network, Evaluator evaluator, ExampleSet train,
                   TestSets tests, int batchSize, LearningRateSchedule schedule, SnapshotSpill spill) {
        this.spill = spill;
        this.criterion = criterion;
        this.network = network;
        this.evaluator = evaluator;
        this.train = train;
        this.tests = tests;
        this.batchSize = batchSize;
        this.schedule = schedule;
    }

    /**
     * @param step a step
     * @return the largest distance from {@code step} to the next point (snapshot or evaluation of S):
     *     {@code max(4, floor(0.03 step))}
     */
    public static int spacing(int step) {
        return Math.max(MIN_SPACING, (int) Math.floor(RELATIVE_SPACING * step));
    }

    /**
     * Publishes the search's progress from now on (an ideal-world run training beside this real run reads it):
     * each snapshot step as a candidate T_stop, each unconverged evaluation of S, the located T_stop. Call before
     * {@link #restoreState} so that a resumed search publishes what it restored.
     *
     * @param progress where to publish
     */
    public void publishTo(StopProgress progress) {
        this.progress = progress;
    }

    private void publishRestored() {
        if (progress == null) {
            return;
        }
        if (found()) {
            progress.located(found);
        }
        snapshots.forEach(s -> progress.candidate(s.step()));
    }

    /** @return whether T_stop has been located */
    public boolean found() {
        return found > 0;
    }

    /** @return T_stop, or 0 if not located yet */
    public int stopStep() {
        return found;
    }

    /** @return the evaluations of S made beyond the evaluation grid (bisection and probes) */
    public int extraEvaluations() {
        return extraEvaluations;
    }

    /** @return the time spent snapshotting and locating, in seconds */
    public double seconds() {
        return nanos / 1e9;
    }

    /** @return the file the snapshots are kept in (for its statistics) */
    SnapshotSpill spill() {
        return spill;
    }

    /**
     * After a training step at which the trainer does not evaluate: takes a snapshot when one is due, or, if
     * the snapshots are full, evaluates S now.
     *
     * @param step the step just trained
     * @param trainNanos training time so far
     * @return the evaluation at T_stop (test and train metrics) if it was located now
     */
    public Optional<Evaluation> afterStep(int step, long trainNanos) {
        if (found() || step < nextSnapshot) {
            return Optional.empty();
        }
        long t0 = System.nanoTime();
        try {
            if (snapshots.size() < MAX_SNAPSHOTS) {
                snapshots.add(NetworkSnapshot.take(network, step, trainNanos, spill));
                if (progress != null) {
                    progress.candidate(step);
                }
                nextSnapshot = step + spacing(step);
                return Optional.empty();
            }
            extraEvaluations++;
            Map<String, Double> metrics = evaluator.evaluate(network, train);
            Optional<Evaluation> atStop = check(step, trainNanos, metrics);
            if (found == step) { // the probe itself is T_stop: its test metrics too
                return Optional.of(evaluation(step, trainNanos, tests.evaluate(evaluator, network), metrics));
            }
            return atStop;
        } finally {
            nanos += System.nanoTime() - t0;
        }
    }

    /**
     * At an evaluation of S by the trainer.
     *
     * @param step the step evaluated
     * @param trainNanos training time so far
     * @param trainMetrics S's metrics at {@code step}
     * @return the evaluation at T_stop if it was located now at an earlier step (to go into the curve before the
     *     trainer's evaluation); empty if not located, or located at {@code step} itself
     */
    public Optional<Evaluation> evaluated(int step, long trainNanos, Map<String, Double> trainMetrics) {
        if (found()) {
            return Optional.empty();
        }
        long t0 = System.nanoTime();
        try {
            return check(step, trainNanos, trainMetrics);
        } finally {
            nanos += System.nanoTime() - t0;
        }
    }

    private Optional<Evaluation> check(int step, long trainNanos, Map<String, Double> metrics) {
        if (!criterion.isMet(evaluation(step, trainNanos, Map.of(), metrics))) {
            nextSnapshot = step + spacing(step);
            clear();
            if (progress != null) {
                progress.cleared(step);
            }
            return Optional.empty();
        }
        Optional<Evaluation> result = locate(step);
        clear();
        if (progress != null) {
            progress.located(found);
        }
        return result;
    }

    /** Bisection over the snapshots: the first that meets the criterion, or the current step if none does. */
    private Optional<Evaluation> locate(int step) {
        if (snapshots.isEmpty()) {
            found = step;
            return Optional.empty();
        }
        NetworkSnapshot current = NetworkSnapshot.take(network, step, 0, spill);
        try {
            int lo = -1;
            int hi = snapshots.size();
            Map<String, Double> atHi = null;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                load(snapshots.get(mid));
                extraEvaluations++;
                Map<String, Double> m = evaluator.evaluate(network, train);
                if (criterion.isMet(evaluation(snapshots.get(mid).step(), 0, Map.of(), m))) {
                    hi = mid;
                    atHi = m;
                } else {
                    lo = mid;
                }
            }
            if (hi == snapshots.size()) {
                found = step;
                return Optional.empty();
            }
            NetworkSnapshot stop = snapshots.get(hi);
            load(stop);
            found = stop.step();
            return Optional.of(evaluation(stop.step(), stop.trainNanos(), tests.evaluate(evaluator, network), atHi));
        } finally {
            load(current);
            current.close();
        }
    }

    private Evaluation evaluation(int step, long trainNanos, Map<String, Double> testMetrics, Map<String, Double> trainMetrics) {
        return new Evaluation(step, (long) step * batchSize, schedule.at(step), trainNanos / 1e9, testMetrics, trainMetrics);
    }

    private void load(NetworkSnapshot s) {
        s.loadInto(network);
    }

    private void clear() {
        snapshots.forEach(NetworkSnapshot::close);
        snapshots.clear();
    }

    @Override
    public void saveState(StateTree state) {
        state.putInt("next-snapshot", nextSnapshot);
        state.putInt("found", found);
        state.putInt("extra-evaluations", extraEvaluations);
        state.putLong("nanos", nanos);
        NetworkSnapshot.saveAll(snapshots, state);
    }

    @Override
    public void restoreState(StateTree state) {
        clear();
        nextSnapshot = state.getInt("next-snapshot");
        found = state.getInt("found");
        extraEvaluations = state.getInt("extra-evaluations");
        nanos = state.getLong("nanos");
        snapshots.addAll(NetworkSnapshot.restoreAll(state, spill));
        publishRestored();
    }

    /** Drops the snapshots and deletes their file. */
    @Override
    public void close() {
        clear();
        spill.close();
    }
}
