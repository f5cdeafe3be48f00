package io.deepbootstrap.core.checkpoint;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.core.execution.WireFormat;
import io.deepbootstrap.core.result.AtomicFiles;
import io.deepbootstrap.core.result.ResultPaths;
import io.deepbootstrap.core.result.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of an experiment's finished runs, one JSON file per run ({@code runs/<run label>.json}, the
 * {@link WireFormat} record, numbers bit for bit), written atomically as each run finishes. Resuming keeps
 * these runs as they are instead of training them again.
 */
public final class FinishedRuns {
    private static final Logger LOG = LoggerFactory.getLogger(FinishedRuns.class);

    private final Path directory;

    /** @param directory the folder of the records */
    public FinishedRuns(Path directory) {
        this.directory = directory;
    }

    /** @return the folder of the records */
    public Path directory() {
        return directory;
    }

    /**
     * @param id a run
     * @return its record file
     */
    public Path file(RunId id) {
        return ResultPaths.child(directory, id.label() + ".json");
    }

    /**
     * @param id a run
     * @return its record if it finished earlier; empty if not, or if its file cannot be read (logged: the run is
     *     then trained again)
     */
    public Optional<RunRecord> find(RunId id) {
        Path file = file(id);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            RunRecord r = WireFormat.record(Files.readString(file, StandardCharsets.UTF_8));
            if (!r.id().label().equals(id.label())) {
                LOG.warn("{} holds run {}, not {}; training the run again", file, r.id().label(), id.label());
                return Optional.empty();
            }
            return Optional.of(new RunRecord(id, r.status(), r.message(), r.steps(), r.batchSize(), r.initialization(),
                    r.curve(), r.timing()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read {} ({}); training run {} again", file, e.getMessage(), id.label());
            return Optional.empty();
        }
    }

    /**
     * @param record a finished run's record
     * @throws IOException if it cannot be written
     */
    public void save(RunRecord record) throws IOException {
        AtomicFiles.writeString(file(record.id()), WireFormat.record(record) + "\n");
    }
}
