package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.core.checkpoint.ExperimentStopped;
import io.deepbootstrap.core.checkpoint.RunPersistence;
import io.deepbootstrap.core.checkpoint.RunStopped;
import io.deepbootstrap.core.result.PairKey;
import io.deepbootstrap.core.result.RunRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an experiment's planned runs one after the other or several at a time, skipping those that finished
 * in an earlier process, recording each as it finishes, and stopping between steps when asked to.
 */
final class RunLoop {
    private static final Logger LOG = LoggerFactory.getLogger(RunLoop.class);

    private final List<RunId> planned;
    private final List<RunId> order;
    private final Function<RunId, RunRecord> train;
    private final RunPersistence persistence;
    private final Map<RunId, RunRecord> done = new LinkedHashMap<>();
    private final LongConsumer seedFinished;
    private final Map<Long, Integer> toTrainBySeed = new HashMap<>();
    private final WorldPairing pairing;

    /**
     * @param planned the runs, in planned (reported) order
     * @param order the same runs, in the order they start training
     * @param train trains one run (throws {@link RunStopped} when stopped)
     * @param persistence finished runs and checkpoints
     * @param seedFinished called with a seed once the last of its runs that train here has ended (finished or
     *     failed), so that what only its runs use (its data split) can be freed
     * @param pairing trains a cell's last real run and its ideal run together in one slot; null: every run alone
     */
    RunLoop(List<RunId> planned, List<RunId> order, Function<RunId, RunRecord> train, RunPersistence persistence,
            LongConsumer seedFinished, WorldPairing pairing) {
        this.planned = List.copyOf(planned);
        this.order = List.copyOf(order);
        this.train = train;
        this.persistence = persistence;
        this.seedFinished = seedFinished;
        this.pairing = pairing;
    }

    /**
     * @param parallelism how many runs train at once
     * @param beforeTraining called once with the runs that will train here, in training order, before the first
     *     starts (not called if none is left to train)
     * @param afterEachRun called with all records finished so far, in planned order: once before training if
     *     runs finished earlier, then after each run
     * @return all records, in planned order
     * @throws ExperimentStopped if a stop was requested before every run finished
     */
    List<RunRecord> run(int parallelism, Consumer<List<RunId>> beforeTraining, Consumer<List<RunRecord>> afterEachRun) {
        List<RunId> todo = new ArrayList<>();
        for (RunId id : order) {
            persistence.finishedBefore(id).ifPresentOrElse(r -> done.put(id, r), () -> todo.add(id));
        }
        todo.forEach(id -> toTrainBySeed.merge(id.seed(), 1, Integer::sum));
        if (!done.isEmpty()) {
            LOG.info("{} of {} runs finished earlier and are kept: {}", done.size(), planned.size(),
                    String.join(", ", done.keySet().stream().map(RunId::label).toList()));
            afterEachRun.accept(soFar());
        }
        Consumer<RunRecord> finished = record -> {
            persistence.finished(record);
            done.put(record.id(), record);
            afterEachRun.accept(soFar());
        };
        if (!todo.isEmpty()) {
            beforeTraining.accept(List.copyOf(todo));
        }
        List<List<RunId>> units = pairing == null ? todo.stream().map(List::of).toList() : WorldPairing.units(todo);
        int threads = Math.min(parallelism, Math.max(1, units.size()));
        if (threads <= 1) {
            for (List<RunId> unit : units) {
                if (persistence.stopRequested()) {
                    throw new ExperimentStopped(List.of());
                }
                if (unit.size() == 1) {
                    try {
                        finished.accept(trainOne(unit.get(0)));
                    } catch (RunStopped e) {
                        throw new ExperimentStopped(List.of(e));
                    }
                    continue;
                }
                List<RunStopped> stopped = new ArrayList<>();
                boolean unstarted = false;
                for (Ended ended : trainUnit(unit)) {
                    if (ended.stopped() != null) {
                        stopped.add(ended.stopped());
                    } else if (ended.record() != null) {
                        finished.accept(ended.record());
                    } else {
                        unstarted = true;
                    }
                }
                if (!stopped.isEmpty() || unstarted) {
                    throw new ExperimentStopped(stopped);
                }
            }
        } else {
            concurrently(units, threads, finished);
        }
        return planned.stream().map(done::get).toList();
    }

    /** Trains one unit: a run alone, or a [real, ideal] pair in one slot ({@link WorldPairing}). */
    private List<Ended> trainUnit(List<RunId> unit) {
        return unit.size() == 1 ? List.of(startOne(unit.get(0))) : pairing.train(unit.get(0), unit.get(1), this::startOne);
    }

    private Ended startOne(RunId id) {
        if (persistence.stopRequested()) {
            return new Ended(id, null, null); // not started
        }
        try {
            return new Ended(id, trainOne(id), null);
        } catch (RunStopped e) {
            return new Ended(id, null, e);
        }
    }

    private RunRecord trainOne(RunId id) {
        RunRecord record = train.apply(id); // a RunStopped passes: the experiment stops, nothing to free
        if (lastOfSeed(id.seed())) {
            seedFinished.accept(id.seed());
        }
        return record;
    }

    private synchronized boolean lastOfSeed(long seed) {
        return toTrainBySeed.merge(seed, -1, Integer::sum) == 0;
    }

    private List<RunRecord> soFar() {
        return planned.stream().map(done::get).filter(r -> r != null).toList();
    }

    /**
     * Trains {@code threads} runs at a time. A free slot takes the first waiting run that can train at once: a
     * real-world run, or an ideal-world run whose cell's real runs have all ended (it is evaluated at their
     * T_stops and would otherwise hold its slot waiting for them); only when no waiting run is ready does it
     * take the first one (which then waits). A pair of a real and an ideal run ({@link WorldPairing}) is one unit,
     * trained in one slot, and always ready. The next unit starts before the finished one is recorded, so that
     * writing the result files overlaps training.
     */
    private void concurrently(List<List<RunId>> units, int threads, Consumer<RunRecord> finished) {
        LOG.info("training {} runs at a time", threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "run");
            t.setDaemon(true);
            return t;
        });
        try {
            ExecutorCompletionService<List<Ended>> completion = new ExecutorCompletionService<>(pool);
            List<List<RunId>> waiting = new ArrayList<>(units);
            Set<RunId> unended = new HashSet<>();
            units.forEach(unended::addAll);
            for (int i = 0; i < threads && !waiting.isEmpty(); i++) {
                start(completion, nextUnit(waiting, unended));
            }
            List<RunStopped> stopped = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                List<Ended> ended;
                try {
                    ended = completion.take().get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a run crashed: " + e.getCause(), e.getCause());
                }
                ended.forEach(e -> unended.remove(e.id()));
                if (!waiting.isEmpty()) {
                    start(completion, nextUnit(waiting, unended));
                }
                for (Ended e : ended) {
                    if (e.stopped() != null) {
                        stopped.add(e.stopped()); // the other runs stop at their next step: wait for their checkpoints
                    } else if (e.record() != null) {
                        finished.accept(e.record());
                    }
                }
            }
            if (!stopped.isEmpty() || persistence.stopRequested()) {
                throw new ExperimentStopped(stopped);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** How a run ended: its record, or null if it never started; or stopped. */
    record Ended(RunId id, RunRecord record, RunStopped stopped) {
    }

    private void start(ExecutorCompletionService<List<Ended>> completion, List<RunId> unit) {
        completion.submit(() -> trainUnit(unit));
    }

    /** The first waiting unit that is ready (a pair always is; a run alone as in {@link #next}), else the first. */
    private static List<RunId> nextUnit(List<List<RunId>> waiting, Set<RunId> unended) {
        for (int i = 0; i < waiting.size(); i++) {
            if (waiting.get(i).size() > 1 || ready(waiting.get(i).get(0), unended)) {
                return waiting.remove(i);
            }
        }
        return waiting.remove(0);
    }

    private static boolean ready(RunId id, Set<RunId> unended) {
        return id.world() != World.IDEAL || unended.stream().noneMatch(r -> r.world() != World.IDEAL
                && PairKey.of(r).equals(PairKey.of(id)));
    }

    /**
     * Removes and returns the run a free slot should train: the first waiting run that is ready (see
     * {@link #concurrently}), else the first waiting run.
     */
    static RunId next(List<RunId> waiting, Set<RunId> unended) {
        for (int i = 0; i < waiting.size(); i++) {
            if (ready(waiting.get(i), unended)) {
                return waiting.remove(i);
            }
        }
        return waiting.remove(0);
    }
}
