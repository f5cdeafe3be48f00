package io.deepbootstrap.core.result;

import java.util.Map;

/**
 * The bootstrap gap at one step evaluated in both worlds.
 *
 * @param step the optimizer step
 * @param gap metric name to {@code Test<metric>(real, step) - Test<metric>(ideal, step)}, for the metrics
 *     both worlds recorded at that step
 */
public record GapPoint(int step, Map<String, Double> gap) {

    public GapPoint {
        gap = Map.copyOf(gap);
    }
}
