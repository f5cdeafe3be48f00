package io.deepbootstrap.core.checkpoint;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.core.engine.BatchSource;
import io.deepbootstrap.core.engine.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's checkpoint file: everything needed to continue the run bit for bit after a step — the network's
 * parameters and buffers, the optimizer's state, the batch pipeline's position (epoch order, fresh stream,
 * augmentation stream), and the trainer's state (step, curve so far, convergence tracking) — saved atomically
 * at every evaluation and whenever {@code interval} of training has passed since the last save.
 *
 * <p>Resuming: {@link #read} the file, {@link #restore} network, optimizer and pipeline (before the pipeline is
 * wrapped in a prefetching thread), then train with a checkpointer whose {@link #resumeFrom} is the saved
 * trainer state.
 */
public final class RunCheckpointer implements RunCheckpoints {
    /** The {@link CheckpointFile} kind of run checkpoints. */
    public static final String KIND = "run";
    private static final Logger LOG = LoggerFactory.getLogger(RunCheckpointer.class);

    private final Path file;
    private final RunId id;
    private final String configHash;
    private final long intervalNanos;
    private final BooleanSupplier stop;
    private final Network network;
    private final Optimizer optimizer;
    private final BatchSource batches;
    private final StateTree resumed;
    private long lastSave = System.nanoTime();
    private boolean failureReported;

    /**
     * @param file the checkpoint file of this run
     * @param id the run
     * @param configHash identifies the effective configuration; a checkpoint of another one is never resumed
     * @param interval training time between two saves besides those at evaluations; zero = only at evaluations
     * @param stop whether the process was asked to stop
     * @param network the run's network
     * @param optimizer its optimizer
     * @param batches the batches the trainer consumes (its position is that of the last batch consumed)
     * @param resumed the checkpoint the run resumes from ({@link #read}), or null for a new run
     */
    public RunCheckpointer(Path file, RunId id, String configHash, Duration interval, BooleanSupplier stop, Network network,
                           Optimizer optimizer, BatchSource batches, StateTree resumed) {
        this.file = file;
        this.id = id;
        this.configHash = configHash;
        this.intervalNanos = interval.toNanos();
        this.stop = stop;
        this.network = network;
        this.optimizer = optimizer;
        this.batches = batches;
        this.resumed = resumed;
    }

    /**
     * Reads a run's checkpoint if there is a usable one.
     *
     * @param file the run's checkpoint file
     * @param id the run
     * @param configHash the effective configuration's hash
     * @return the checkpoint; empty if there is none, or if it is unreadable or belongs to another run or
     *     configuration (logged: the run then starts over, which gives the same numbers, only later)
     */
    public static Optional<StateTree> read(Path file, RunId id, String configHash) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            StateTree t = CheckpointFile.read(file, KIND);
            StateTree meta = t.getSection("run");
            if (!meta.getString("label").equals(id.label()) || !meta.getString("config").equals(configHash)) {
                LOG.warn("{}: {} belongs to run {} of another configuration; starting the run over", id, file,
                        meta.getString("label"));
                return Optional.empty();
            }
            return Optional.of(t);
        } catch (IOException | CheckpointException e) {
            LOG.warn("{}: cannot resume from its checkpoint ({}); starting the run over", id, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * @param checkpoint what {@link #read} returned
     * @return the step after which it was saved
     */
    public static int step(StateTree checkpoint) {
        return checkpoint.getSection("run").getInt("step");
    }

    /**
     * Restores what the trainer does not: network, optimizer and the batch pipeline's position.
     *
     * @param checkpoint what {@link #read} returned
     * @param network the run's network, freshly built and initialised
     * @param optimizer its optimizer, fresh
     * @param pipeline the batch pipeline, not yet used and not yet prefetched
     * @throws CheckpointException if it does not fit (another architecture, optimizer or data)
     */
    public static void restore(StateTree checkpoint, Network network, Optimizer optimizer, BatchSource pipeline) {
        ModelCheckpoint.restoreNetwork(checkpoint.getSection("network"), network);
        ModelCheckpoint.restoreOptimizer(checkpoint.getSection("optimizer"), optimizer);
        pipeline.seek(checkpoint.getSection("batches"));
    }

    @Override
    public Optional<StateTree> resumeFrom() {
        return resumed == null ? Optional.empty() : Optional.of(resumed.getSection("trainer"));
    }

    @Override
    public boolean due(int step, boolean evaluated) {
        return evaluated || (intervalNanos > 0 && System.nanoTime() - lastSave >= intervalNanos);
    }

    @Override
    public boolean save(int step, Consumer<StateTree> trainerState) {
        long t0 = System.nanoTime();
        StateTree t = new StateTree();
        StateTree meta = t.section("run");
        meta.putString("label", id.label());
        meta.putString("config", configHash);
        meta.putInt("step", step);
        ModelCheckpoint.saveNetwork(t.section("network"), network);
        ModelCheckpoint.saveOptimizer(t.section("optimizer"), optimizer);
        batches.position().saveTo(t.section("batches"));
        trainerState.accept(t.section("trainer"));
        try {
            CheckpointFile.write(file, KIND, t);
            lastSave = System.nanoTime();
            LOG.debug("{}: checkpoint after step {} written in {} ms", id, step, (lastSave - t0) / 1_000_000);
            return true;
        } catch (IOException e) {
            if (!failureReported) {
                LOG.warn("{}: cannot write its checkpoint {} ({}); training goes on, it will be tried again", id, file,
                        e.getMessage());
                failureReported = true;
            }
            lastSave = System.nanoTime();
            return false;
        }
    }

    @Override
    public boolean stopRequested() {
        return stop.getAsBoolean();
    }

    /** @return the checkpoint file */
    public Path file() {
        return file;
    }
}
