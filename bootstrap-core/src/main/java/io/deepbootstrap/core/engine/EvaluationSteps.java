package io.deepbootstrap.core.engine;

import java.util.TreeSet;

/** Log-spaced evaluation steps. */
public final class EvaluationSteps {
    private EvaluationSteps() {
    }

    /**
     * @param totalSteps T
     * @param points how many log-spaced points between 1 and T (fewer when steps coincide after rounding)
     * @return sorted distinct steps, always containing 1 and T
     */
    public static int[] logSpaced(int totalSteps, int points) {
        TreeSet<Integer> steps = new TreeSet<>();
        steps.add(1);
        steps.add(totalSteps);
        if (points > 1) {
            double logT = Math.log(totalSteps);
            for (int i = 0; i < points; i++) {
                steps.add((int) Math.round(Math.exp(logT * i / (points - 1))));
            }
        }
        return steps.stream().mapToInt(Integer::intValue).filter(s -> s >= 1 && s <= totalSteps).toArray();
    }
}
