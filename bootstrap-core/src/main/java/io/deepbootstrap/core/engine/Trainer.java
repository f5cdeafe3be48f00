package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.checkpoint.CurveState;
import io.deepbootstrap.core.checkpoint.RunCheckpoints;
import io.deepbootstrap.core.checkpoint.RunStopped;
import io.deepbootstrap.core.checkpoint.StateTree;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.result.RunTiming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one training loop both worlds run. It knows nothing of worlds: the batch source decides where
 * examples come from, and the real world additionally passes its train set S to be evaluated on. With S, a
 * {@link StopStepSearch} locates T_stop between the evaluation steps and adds an evaluation of both S and the
 * test sets at T_stop itself to the curve; with {@code stopAtConvergence} the run ends once T_stop is located.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    /**
     * The folder of an experiment's output directory ({@code <output-dir>/<name>/.snapshots}) that its runs keep
     * their T_stop snapshots in while they train.
     */
    public static final String SNAPSHOT_DIRECTORY = ".snapshots";

    private final Path snapshotDirectory;

    /**
     * Deletes the snapshot files an earlier process left in a snapshot directory (it was killed while its runs
     * trained); call before any run of this process trains there. A run deletes a stale file of its own as it
     * starts; this also catches those of runs that will not keep snapshots this time.
     *
     * @param snapshotDirectory a directory given to {@link #Trainer(Path)}
     * @return how many files were deleted
     */
    public static int deleteStaleSnapshots(Path snapshotDirectory) {
        if (!Files.isDirectory(snapshotDirectory)) {
            return 0;
        }
        int deleted = 0;
        try (Stream<Path> files = Files.list(snapshotDirectory)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".bin") && Files.deleteIfExists(f)) {
                    deleted++;
                }
            }
            Files.deleteIfExists(snapshotDirectory);
        } catch (IOException e) {
            LOG.warn("cannot delete stale snapshot files in {}: {}", snapshotDirectory, e.toString());
        }
        if (deleted > 0) {
            LOG.info("deleted {} snapshot file(s) an earlier process left in {}", deleted, snapshotDirectory);
        }
        return deleted;
    }

    /** A trainer whose runs keep their T_stop snapshots in temporary files ({@code java.io.tmpdir}). */
    public Trainer() {
        this(null);
    }

    /**
     * @param snapshotDirectory where each run keeps the network snapshots of its T_stop search or of its deferred
     *     evaluations at T_stop, in a file named after the run ({@code <run label>.bin}, deleted when the run ends;
     *     a stale one of an earlier process deleted when the run starts), or null for temporary files in
     *     {@code java.io.tmpdir} ({@link SnapshotSpill})
     */
    public Trainer(Path snapshotDirectory) {
        this.snapshotDirectory = snapshotDirectory;
    }

    /**
     * What to do in a run.
     *
     * @param steps T
     * @param schedule learning rate per step
     * @param evaluationSteps sorted steps at which to evaluate
     * @param stopAtConvergence end the run once T_stop is located (real world)
     * @param convergence the criterion T_stop is located with (real world)
     * @param pair the run's side of a real and an ideal run trained together, or null (trained alone): a real run
     *     publishes its T_stop search's progress, an ideal run evaluates at the real run's T_stop afterwards, from
     *     snapshots ({@link DeferredStopEvaluations}); both take turns of a few steps
     */
    public record Plan(int steps, LearningRateSchedule schedule, int[] evaluationSteps, boolean stopAtConvergence,
                       ConvergenceCriterion convergence, WorldPair pair) {

        /** A run trained alone. */
        public Plan(int steps, LearningRateSchedule schedule, int[] evaluationSteps, boolean stopAtConvergence,
                    ConvergenceCriterion convergence) {
            this(steps, schedule, evaluationSteps, stopAtConvergence, convergence, null);
        }
    }

    /**
     * Trains a network and evaluates it along the way.
     *
     * @param id the run
     * @param network the network, freshly initialised
     * @param optimizer the optimizer over the network's parameters
     * @param batches the world's training batches
     * @param buffer the training batch buffer (capacity = B)
     * @param plan steps, schedule and evaluation steps
     * @param evaluator the evaluator
     * @param test the test set
     * @param train the train set S to evaluate on, or null (ideal world)
     * @param listener observer of the run
     * @param initialization description of the initial weights, recorded with the results
     * @return the run's record; a diverged or failed run is recorded, never thrown
     */
    public RunRecord train(RunId id, Network network, Optimizer optimizer, BatchSource batches, Batch buffer, Plan plan,
                           Evaluator evaluator, ExampleSet test, ExampleSet train, RunListener listener, String initialization) {
        return train(id, network, optimizer, batches, buffer, plan, evaluator, test, train, listener, initialization,
                RunCheckpoints.NONE);
    }

    /**
     * Trains a network, or continues a run from its checkpoint, saving checkpoints along the way.
     *
     * @param id the run
     * @param network the network: freshly initialised, or restored from the checkpoint to resume from
     * @param optimizer the optimizer over the network's parameters (restored likewise)
     * @param batches the world's training batches (sought to the checkpoint's position likewise)
     * @param buffer the training batch buffer (capacity = B)
     * @param plan steps, schedule and evaluation steps
     * @param evaluator the evaluator
     * @param test the test set
     * @param train the train set S to evaluate on, or null (ideal world)
     * @param listener observer of the run
     * @param initialization description of the initial weights, recorded with the results
     * @param checkpoints where to resume from, when to save, whether to stop
     * @return the run's record; a diverged or failed run is recorded, never thrown
     * @throws RunStopped if a stop was requested before the run ended (after saving a checkpoint)
     */
    public RunRecord train(RunId id, Network network, Optimizer optimizer, BatchSource batches, Batch buffer, Plan plan,
                           Evaluator evaluator, ExampleSet test, ExampleSet train, RunListener listener, String initialization,
                           RunCheckpoints checkpoints) {
        return train(id, network, optimizer, batches, buffer, plan, evaluator, TestSets.single(test), train, listener,
                initialization, checkpoints);
    }

    /**
     * Trains a network on several test sets ({@code evaluation.test-sets}), or continues a run from its
     * checkpoint, saving checkpoints along the way.
     *
     * @param id the run
     * @param network the network: freshly initialised, or restored from the checkpoint to resume from
     * @param optimizer the optimizer over the network's parameters (restored likewise)
     * @param batches the world's training batches (sought to the checkpoint's position likewise)
     * @param buffer the training batch buffer (capacity = B)
     * @param plan steps, schedule and evaluation steps
     * @param evaluator the evaluator
     * @param tests the test sets, all evaluated at every evaluation step (and at T_stop)
     * @param train the train set S to evaluate on, or null (ideal world)
     * @param listener observer of the run
     * @param initialization description of the initial weights, recorded with the results
     * @param checkpoints where to resume from, when to save, whether to stop
     * @return the run's record; a diverged or failed run is recorded, never thrown
     * @throws RunStopped if a stop was requested before the run ended (after saving a checkpoint)
     */
    public RunRecord train(RunId id, Network network, Optimizer optimizer, BatchSource batches, Batch buffer, Plan plan,
                           Evaluator evaluator, TestSets tests, ExampleSet train, RunListener listener, String initialization,
                           RunCheckpoints checkpoints) {
        List<Evaluation> curve = new ArrayList<>();
        RunStatus status = RunStatus.OK;
        String message = "";
        long trainNanos = 0;
        int next = 0;
        int first = 1;
        WorldPair pair = plan.pair();
        StopStepSearch search = train == null ? null
                : new StopStepSearch(plan.convergence(), network, evaluator, train, tests, buffer.capacity(), plan.schedule(),
                        SnapshotSpill.in(snapshotDirectory, id.label()));
        StepTurns turns = pair == null ? StepTurns.ALONE : pair.turns();
        StopProgress published = search != null && pair != null ? pair.progress() : null;
        if (published != null) {
            search.publishTo(published);
        }
        DeferredStopEvaluations deferred = train == null && pair != null ? new DeferredStopEvaluations(pair, network,
                evaluator, tests, buffer.capacity(), plan.schedule(), checkpoints::stopRequested,
                SnapshotSpill.in(snapshotDirectory, id.label())) : null;
        Optional<StateTree> saved = checkpoints.resumeFrom();
        if (saved.isPresent()) {
            StateTree s = saved.get();
            first = s.getInt("step") + 1;
            trainNanos = s.getLong("train-nanos");
            next = s.getInt("next-evaluation");
            curve.addAll(CurveState.read(s.getSection("curve")));
            if (search != null && s.has("t-stop")) {
                search.restoreState(s.getSection("t-stop"));
            }
            if (deferred != null) { // the evaluation steps may differ from the saving process's (T_stops known or not)
                next = countAtOrBefore(plan.evaluationSteps(), first - 1);
                if (s.has(DEFERRED)) {
                    deferred.restoreState(s.getSection(DEFERRED));
                }
            }
            LOG.info("{}: resumed after step {} from its checkpoint", id, first - 1);
        }
        listener.runStarted(id, plan.steps());
        int[] evalSteps = plan.evaluationSteps();
        StepClock training = new StepClock();
        StepClock evaluating = new StepClock();
        if (published != null) {
            published.stepDone(first - 1);
        }
        int last = first - 1;
        try (search; deferred) {
            for (int step = first; step <= plan.steps(); step++) {
                boolean evaluated = false;
                turns.acquire();
                last = step;
                training.start();
                batches.fill(buffer);
                double lr = plan.schedule().at(step);
                double loss = network.computeGradients(buffer);
                optimizer.step(lr);
                trainNanos += training.stop();
                if (!Double.isFinite(loss)) {
                    status = RunStatus.DIVERGED;
                    message = "training loss became " + loss + " at step " + step;
                    break;
                }
                listener.stepCompleted(id, step, loss);
                boolean grid = next < evalSteps.length && step == evalSteps[next];
                if (deferred != null) {
                    List<Evaluation> atStops = deferred.afterStep(step, trainNanos, grid);
                    atStops.forEach(e -> add(id, curve, e, listener));
                    evaluated |= !atStops.isEmpty();
                    if (atStops.stream().anyMatch(e -> !allFinite(e.test()))) {
                        break; // the status is read from the curve below
                    }
                }
                if (search != null && !grid) {
                    Optional<Evaluation> atStop = search.afterStep(step, trainNanos);
                    if (atStop.isPresent()) {
                        evaluated = true;
                        add(id, curve, atStop.get(), listener);
                    }
                }
                if (grid) {
                    next++;
                    evaluated = true;
                    evaluating.start();
                    Map<String, Double> testMetrics = tests.evaluate(evaluator, network);
                    Map<String, Double> trainMetrics = train == null ? Map.of() : evaluator.evaluate(network, train);
                    evaluating.stop();
                    if (search != null) { // T_stop located at an earlier step goes into the curve first
                        search.evaluated(step, trainNanos, trainMetrics).ifPresent(e -> add(id, curve, e, listener));
                    }
                    Evaluation e = new Evaluation(step, (long) step * buffer.capacity(), lr, trainNanos / 1e9,
                            testMetrics, trainMetrics);
                    add(id, curve, e, listener);
                    if (!allFinite(testMetrics) || !allFinite(trainMetrics)) {
                        status = RunStatus.DIVERGED;
                        message = "outputs became NaN or infinite at step " + step;
                        break;
                    }
                }
                if (plan.stopAtConvergence() && search != null && search.found()) {
                    break;
                }
                if (published != null) {
                    published.stepDone(step);
                }
                checkpoint(id, step, plan, evaluated, checkpoints, trainNanos, next, curve, search, deferred);
                turns.release();
            }
            if (deferred != null && status != RunStatus.FAILED) {
                List<Evaluation> rest = deferred.finish(last);
                if (rest == null) { // its real run stopped first: this run trains again from its last checkpoint
                    throw new RunStopped(id, last, false);
                }
                rest.forEach(e -> add(id, curve, e, listener));
                int diverged = firstNotFinite(curve);
                if (diverged >= 0) { // as if evaluated in step order: the run ends at the first non-finite evaluation
                    status = RunStatus.DIVERGED;
                    message = "outputs became NaN or infinite at step " + curve.get(diverged).step();
                    curve.subList(diverged + 1, curve.size()).clear();
                }
            }
        } catch (RunStopped e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError e) {
            status = RunStatus.FAILED;
            message = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.error("run {} failed", id, e);
        } finally {
            turns.leave();
        }
        if (search != null) {
            LOG.info("{}: T_stop {} ({}); {} evaluations of S beyond the grid; locating took {} s, {}% of training time"
                            + " (snapshots: {})", id,
                    search.found() ? search.stopStep() : "not reached", plan.convergence(), search.extraEvaluations(),
                    String.format(Locale.ROOT, "%.3f", search.seconds()),
                    String.format(Locale.ROOT, "%.1f", 100 * search.seconds() / Math.max(trainNanos / 1e9, 1e-9)),
                    search.spill().describe());
        }
        if (deferred != null) {
            LOG.debug("{}: deferred evaluations at T_stop: {}", id, deferred.spill().describe());
        }
        LOG.info("{}: training {} steps: {}; evaluations at {} grid steps: {}", id, training.intervals(),
                training.describe("step"), evaluating.intervals(), evaluating.describe("evaluation"));
        listener.runFinished(id, status, message);
        RunTiming timing = new RunTiming(training.intervals(), training.cpuSeconds(), training.wallSeconds(), 0,
                evaluating.intervals(), evaluating.cpuSeconds());
        return new RunRecord(id, status, message, plan.steps(), buffer.capacity(), initialization, curve, timing);
    }

    /** Where an ideal run trained beside its real run keeps its checkpointed snapshots. */
    private static final String DEFERRED = "deferred-t-stop";

    /** Adds an evaluation to the curve in step order (a T_stop evaluated later goes before later steps). */
    private static void add(RunId id, List<Evaluation> curve, Evaluation e, RunListener listener) {
        int at = curve.size();
        while (at > 0 && curve.get(at - 1).step() > e.step()) {
            at--;
        }
        curve.add(at, e);
        listener.evaluated(id, e);
    }

    private static int countAtOrBefore(int[] steps, int step) {
        int n = 0;
        while (n < steps.length && steps[n] <= step) {
            n++;
        }
        return n;
    }

    private static int firstNotFinite(List<Evaluation> curve) {
        for (int i = 0; i < curve.size(); i++) {
            if (!allFinite(curve.get(i).test()) || !allFinite(curve.get(i).train())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * After a step that did not end the run: saves a checkpoint when one is due, or when a stop was requested
     * (and then stops). The last step never needs one: the run's record follows at once.
     */
    private static void checkpoint(RunId id, int step, Plan plan, boolean evaluated, RunCheckpoints checkpoints,
                                   long trainNanos, int next, List<Evaluation> curve, StopStepSearch search,
                                   DeferredStopEvaluations deferred) {
        if (step == plan.steps()) {
            return;
        }
        if (checkpoints.stopRequested()) {
            throw new RunStopped(id, step, checkpoints.save(step, trainerState(step, trainNanos, next, curve, search, deferred)));
        }
        if (checkpoints.due(step, evaluated)) {
            checkpoints.save(step, trainerState(step, trainNanos, next, curve, search, deferred));
        }
    }

    /** The trainer's own part of a checkpoint after {@code step}. */
    private static Consumer<StateTree> trainerState(int step, long trainNanos, int next, List<Evaluation> curve,
                                                    StopStepSearch search, DeferredStopEvaluations deferred) {
        return state -> {
            state.putInt("step", step);
            state.putLong("train-nanos", trainNanos);
            state.putInt("next-evaluation", next);
            CurveState.save(state.section("curve"), curve);
            if (search != null) {
                search.saveState(state.section("t-stop"));
            }
            if (deferred != null) {
                deferred.saveState(state.section(DEFERRED));
            }
        };
    }

    private static boolean allFinite(Map<String, Double> metrics) {
        return metrics.values().stream().allMatch(v -> !v.isNaN());
    }
}
