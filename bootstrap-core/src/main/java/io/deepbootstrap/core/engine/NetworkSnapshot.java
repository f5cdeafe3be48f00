package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.core.checkpoint.StateTree;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's state after a step (parameters and buffers, copied), to evaluate it later at that step: swapped into
 * the network, evaluated, and the network's own state swapped back bit for bit. Used by the T_stop search
 * ({@link StopStepSearch}) and by an ideal-world run trained beside its real run ({@link DeferredStopEvaluations}).
 *
 * @param step the step after which it was taken
 * @param trainNanos the run's training time at that step
 * @param parameters the flat parameter vector
 * @param buffers the network's buffers (e.g. running statistics), in the network's order
 */
record NetworkSnapshot(int step, long trainNanos, INDArray parameters, List<INDArray> buffers) {

    /** @return a copy of {@code network}'s current state, labelled with {@code step} */
    static NetworkSnapshot take(Network network, int step, long trainNanos) {
        List<INDArray> buffers = new ArrayList<>();
        network.buffers().values().forEach(b -> buffers.add(b.dup()));
        return new NetworkSnapshot(step, trainNanos, network.parameters().values().dup(), buffers);
    }

    /** Copies this state into {@code network}. */
    void loadInto(Network network) {
        network.parameters().values().assign(parameters);
        int i = 0;
        for (INDArray b : network.buffers().values()) {
            b.assign(buffers.get(i++));
        }
    }

    /** Frees the copies. */
    void close() {
        parameters.close();
        buffers.forEach(INDArray::close);
    }

    /** Writes the snapshot into a checkpoint section. */
    void save(StateTree section) {
        section.putInt("step", step);
        section.putLong("train-nanos", trainNanos);
        section.putArray("parameters", parameters);
        section.putInt("buffers", buffers.size());
        for (int b = 0; b < buffers.size(); b++) {
            section.putArray("buffer-" + b, buffers.get(b));
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
     * @return its snapshots, in order
     */
    static List<NetworkSnapshot> restoreAll(StateTree state) {
        List<NetworkSnapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < state.getInt("snapshots"); i++) {
            snapshots.add(restore(state.getSection("snapshot-" + i)));
        }
        return snapshots;
    }

    /** @return the snapshot {@link #save} wrote into {@code section} */
    static NetworkSnapshot restore(StateTree section) {
        List<INDArray> buffers = new ArrayList<>();
        for (int b = 0; b < section.getInt("buffers"); b++) {
            buffers.add(section.getArray("buffer-" + b));
        }
        return new NetworkSnapshot(section.getInt("step"), section.getLong("train-nanos"), section.getArray("parameters"), buffers);
    }
}
