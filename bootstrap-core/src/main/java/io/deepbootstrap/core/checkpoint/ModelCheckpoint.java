package io.deepbootstrap.core.checkpoint;

import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.Parameters;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.OptimizerState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The model's part of a checkpoint: a network's flat parameter vector (with its views' names and shapes, so
 * that a checkpoint of another architecture is refused) and its buffers (batch-norm running statistics), and
 * the optimizer's exported state. Names go into values, never into section names, so any name a network or
 * plugin chooses is fine.
 */
public final class ModelCheckpoint {
    private ModelCheckpoint() {
    }

    /**
     * @param state an empty section
     * @param network the network
     */
    public static void saveNetwork(StateTree state, Network network) {
        Parameters p = network.parameters();
        state.putString("layout", layout(p));
        state.putArray("parameters", p.values());
        Map<String, INDArray> buffers = network.buffers();
        state.putInt("buffers", buffers.size());
        int i = 0;
        for (Map.Entry<String, INDArray> e : buffers.entrySet()) {
            state.putString("buffer-name-" + i, e.getKey());
            state.putArray("buffer-" + i, e.getValue());
            i++;
        }
    }

    /**
     * @param state a section written by {@link #saveNetwork} for a network of the same architecture
     * @param network the network to overwrite
     * @throws CheckpointException if the layout of parameters or buffers differs
     */
    public static void restoreNetwork(StateTree state, Network network) {
        Parameters p = network.parameters();
        String saved = state.getString("layout");
        if (!saved.equals(layout(p))) {
            throw new CheckpointException("checkpoint " + state.path() + " holds parameters " + saved
                    + ", this network has " + layout(p));
        }
        Map<String, INDArray> buffers = network.buffers();
        int count = state.getInt("buffers");
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            index.put(state.getString("buffer-name-" + i), i);
        }
        if (!index.keySet().equals(buffers.keySet())) {
            throw new CheckpointException("checkpoint " + state.path() + " holds buffers " + index.keySet()
                    + ", this network has " + buffers.keySet());
        }
        state.copyArrayInto("parameters", p.values());
        for (Map.Entry<String, INDArray> e : buffers.entrySet()) {
            state.copyArrayInto("buffer-" + index.get(e.getKey()), e.getValue());
        }
    }

    /** The parameter views as text: name, shape and order of each, in order. */
    private static String layout(Parameters p) {
        StringBuilder b = new StringBuilder();
        for (Parameters.View v : p.views()) {
            b.append(b.length() == 0 ? "" : " ").append(v.name()).append(java.util.Arrays.toString(v.shape())).append(v.order());
        }
        return b.append(" (").append(p.dataType()).append(')').toString();
    }

    /**
     * @param state an empty section
     * @param optimizer the optimizer
     */
    public static void saveOptimizer(StateTree state, Optimizer optimizer) {
        OptimizerState s = optimizer.exportState();
        state.putString("kind", s.kind());
        state.putLong("steps", s.steps());
        state.putInt("arrays", s.arrays().size());
        int i = 0;
        for (Map.Entry<String, INDArray> e : s.arrays().entrySet()) {
            state.putString("array-name-" + i, e.getKey());
            state.putArray("array-" + i, e.getValue());
            e.getValue().close();
            i++;
        }
    }

    /**
     * @param state a section written by {@link #saveOptimizer} for an optimizer of the same kind and size
     * @param optimizer the optimizer to overwrite
     * @throws CheckpointException if the kind, array names or lengths differ
     */
    public static void restoreOptimizer(StateTree state, Optimizer optimizer) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (int i = 0; i < state.getInt("arrays"); i++) {
            arrays.put(state.getString("array-name-" + i), state.getArray("array-" + i));
        }
        try {
            optimizer.restoreState(new OptimizerState(state.getString("kind"), state.getLong("steps"), arrays));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint " + state.path() + ": " + e.getMessage());
        } finally {
            arrays.values().forEach(INDArray::close);
        }
    }
}
