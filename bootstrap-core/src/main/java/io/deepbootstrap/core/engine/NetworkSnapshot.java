package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.core.checkpoint.StateTree;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's state after a step (parameters and buffers, copied into the run's {@link SnapshotSpill} file, not kept
 * in memory), to evaluate it later at that step: swapped into the network, evaluated, and the network's own state
 * swapped back bit for bit. Used by the T_stop search ({@link StopStepSearch}) and by an ideal-world run trained
 * beside its real run ({@link DeferredStopEvaluations}). In a checkpoint it is saved as arrays ({@link #save}), as
 * when snapshots were kept in memory.
 *
 * @param step the step after which it was taken
 * @param trainNanos the run's training time at that step
 * @param spill the file it is in
 * @param stored where in the file: the flat parameter vector, then the network's buffers (e.g. running
 *     statistics) in the network's order
 */
record NetworkSnapshot(int step, long trainNanos, SnapshotSpill spill, SnapshotSpill.Stored stored) {

    /** @return a copy of {@code network}'s current state in {@code spill}, labelled with {@code step} */
    static NetworkSnapshot take(Network network, int step, long trainNanos, SnapshotSpill spill) {
        return new NetworkSnapshot(step, trainNanos, spill, spill.write(arrays(network)));
    }

    /** @return the network's live arrays: the flat parameter vector, then its buffers */
    private static List<INDArray> arrays(Network network) {
        List<INDArray> arrays = new ArrayList<>();
        arrays.add(network.parameters().values());
        arrays.addAll(network.buffers().values());
        return arrays;
    }

    /** Copies this state into {@code network}. */
    void loadInto(Network network) {
        spill.read(stored, arrays(network));
    }

    /** Drops the copy (its space in the file is reused). */
    void close() {
        spill.free(stored);
    }

    /** Writes the snapshot into a checkpoint section. */
    void save(StateTree section) {
        List<INDArray> arrays = spill.copies(stored);
        try {
            section.putInt("step", step);
            section.putLong("train-nanos", trainNanos);
            section.putArray("parameters", arrays.get(0));
            section.putInt("buffers", arrays.size() - 1);
            for (int b = 1; b < arrays.size(); b++) {
                section.putArray("buffer-" + (b - 1), arrays.get(b));
            }
        } finally {
            arrays.forEach(INDArray::close);
        }
    }

    /**
     * Writes snapshots into a checkpoint section, in order ({@code snapshots}, {@code snapshot-<i>}).
     *
     * @param snapshots the snapshots
     * @param state the section
     */
    static void saveAll(List<NetworkSnapshot> snapshots, StateTree state) {
        state.putInt("snapshots", snapshots.size());
        for (int i = 0; i < snapshots.size(); i++) {
            snapshots.get(i).save(state.section("snapshot-" + i));
        }
    }

    /**
     * @param state a section {@link #saveAll} wrote
     * @param spill where the restored snapshots go
     * @return its snapshots, in order
     */
    static List<NetworkSnapshot> restoreAll(StateTree state, SnapshotSpill spill) {
        List<NetworkSnapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < state.getInt("snapshots"); i++) {
            snapshots.add(restore(state.getSection("snapshot-" + i), spill));
        }
        return snapshots;
    }

    /** @return the snapshot {@link #save} wrote into {@code section}, copied into {@code spill} */
    static NetworkSnapshot restore(StateTree section, SnapshotSpill spill) {
        List<INDArray> arrays = new ArrayList<>();
        try {
            arrays.add(section.getArray("parameters"));
            for (int b = 0; b < section.getInt("buffers"); b++) {
                arrays.add(section.getArray("buffer-" + b));
            }
            return new NetworkSnapshot(section.getInt("step"), section.getLong("train-nanos"), spill, spill.write(arrays));
        } finally {
            arrays.forEach(INDArray::close);
        }
    }
}
