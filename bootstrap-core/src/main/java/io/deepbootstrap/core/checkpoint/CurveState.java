package io.deepbootstrap.core.checkpoint;

import io.deepbootstrap.api.run.Evaluation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Saves and restores a run's curve (its evaluations so far) in a {@link StateTree}, bit for bit. */
public final class CurveState {
    private CurveState() {
    }

    /**
     * @param state an empty section
     * @param curve the evaluations, in step order
     */
    public static void save(StateTree state, List<Evaluation> curve) {
        state.putInt("count", curve.size());
        for (int i = 0; i < curve.size(); i++) {
            Evaluation e = curve.get(i);
            StateTree s = state.section(Integer.toString(i));
            s.putInt("step", e.step());
            s.putLong("examples-seen", e.examplesSeen());
            s.putDouble("learning-rate", e.learningRate());
            s.putDouble("elapsed-seconds", e.elapsedSeconds());
            saveMetrics(s.section("test"), e.test());
            saveMetrics(s.section("train"), e.train());
        }
    }

    /**
     * @param state a section written by {@link #save}
     * @return the evaluations
     */
    public static List<Evaluation> read(StateTree state) {
        int count = state.getInt("count");
        List<Evaluation> curve = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StateTree s = state.getSection(Integer.toString(i));
            curve.add(new Evaluation(s.getInt("step"), s.getLong("examples-seen"), s.getDouble("learning-rate"),
                    s.getDouble("elapsed-seconds"), readMetrics(s.getSection("test")), readMetrics(s.getSection("train"))));
        }
        return curve;
    }

    private static void saveMetrics(StateTree state, Map<String, Double> metrics) {
        int i = 0;
        for (Map.Entry<String, Double> e : new TreeMap<>(metrics).entrySet()) {
            state.putString("name-" + i, e.getKey());
            state.putDouble("value-" + i, e.getValue());
            i++;
        }
        state.putInt("count", i);
    }

    private static Map<String, Double> readMetrics(StateTree state) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int i = 0; i < state.getInt("count"); i++) {
            metrics.put(state.getString("name-" + i), state.getDouble("value-" + i));
        }
        return metrics;
    }
}
