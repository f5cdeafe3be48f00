package io.deepbootstrap.core.checkpoint;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.result.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What survives a run's process: its checkpoints while it trains ({@link CheckpointPolicy}) and its record once
 * it has finished ({@link FinishedRuns}). When a run finishes, its record is written first and its checkpoint
 * removed afterwards (unless kept), so a kill between the two loses nothing. Thread-safe.
 */
public final class RunPersistence {
    private static final Logger LOG = LoggerFactory.getLogger(RunPersistence.class);

    private final CheckpointPolicy checkpoints;
    private final FinishedRuns finished;
    private final BooleanSupplier stop;
    private final AtomicInteger removed = new AtomicInteger();
    private final AtomicLong removedBytes = new AtomicLong();
    private final AtomicInteger kept = new AtomicInteger();
    private final AtomicLong keptBytes = new AtomicLong();

    /**
     * @param checkpoints where runs save checkpoints, or null for none
     * @param finished where finished runs are recorded, or null to record none (a sweep engine's worker: the
     *     driver records them)
     * @param stop whether the process was asked to stop: a training run then saves a checkpoint after its
     *     current step (if it has checkpoints) and stops ({@link RunStopped}), and no further run starts
     */
    public RunPersistence(CheckpointPolicy checkpoints, FinishedRuns finished, BooleanSupplier stop) {
        this.checkpoints = checkpoints;
        this.finished = finished;
        this.stop = stop;
    }

    /** @return no checkpoints, no records, no stop: a run as it was before checkpoints existed */
    public static RunPersistence none() {
        return new RunPersistence(null, null, () -> false);
    }

    /** @return the checkpoint policy, or null */
    public CheckpointPolicy checkpoints() {
        return checkpoints;
    }

    /** @return whether a stop was requested */
    public boolean stopRequested() {
        return stop.getAsBoolean();
    }

    /**
     * @param id a run
     * @return its record if it finished in an earlier process (then it is not trained again)
     */
    public Optional<RunRecord> finishedBefore(RunId id) {
        return finished == null ? Optional.empty() : finished.find(id);
    }

    /**
     * Records a run that has just finished, then removes its checkpoint (unless kept). A failed run is not
     * recorded: resuming tries it again. A record that cannot be written is logged; the run would then be
     * trained again on resume.
     *
     * @param record the run's record
     */
    public void finished(RunRecord record) {
        if (finished != null && record.status() != RunStatus.FAILED) {
            try {
                finished.save(record);
            } catch (IOException e) {
                LOG.warn("{}: cannot record the finished run in {} ({}); a resumed experiment would train it again",
                        record.id(), finished.directory(), e.getMessage());
                return; // keep the checkpoint: it is all there is
            }
        }
        if (checkpoints == null) {
            return;
        }
        Path file = checkpoints.file(record.id());
        try {
            long size = Files.exists(file) ? Files.size(file) : -1;
            if (size < 0) {
                return;
            }
            if (checkpoints.keep()) {
                kept.incrementAndGet();
                keptBytes.addAndGet(size);
            } else {
                Files.deleteIfExists(file);
                removed.incrementAndGet();
                removedBytes.addAndGet(size);
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot remove its checkpoint {} ({})", record.id(), file, e.getMessage());
        }
    }

    /** @return checkpoints of finished runs removed so far */
    public int removedCheckpoints() {
        return removed.get();
    }

    /** @return their total size in bytes */
    public long removedBytes() {
        return removedBytes.get();
    }

    /** @return checkpoints of finished runs kept ({@code --keep-checkpoints}) */
    public int keptCheckpoints() {
        return kept.get();
    }

    /** @return their total size in bytes */
    public long keptBytes() {
        return keptBytes.get();
    }
}
