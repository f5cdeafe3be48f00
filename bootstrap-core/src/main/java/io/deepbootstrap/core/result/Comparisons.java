package io.deepbootstrap.core.result;

import io.deepbootstrap.api.World;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pairs every real-world run with its ideal-world partner and compares them. */
public final class Comparisons {

    private Comparisons() {
    }

    /**
     * @param runs finished runs of both worlds, in any order
     * @param criterion how T_stop is found
     * @return one comparison per real-world run, in the order of {@code runs}; a real run without an
     *     ideal partner gets a {@link ComparisonStatus#PENDING} comparison with no gaps
     * @throws IllegalArgumentException if two ideal-world runs share architecture, seed and augmentation
     */
    public static List<Comparison> of(List<RunRecord> runs, ConvergenceCriterion criterion) {
        Map<PairKey, RunRecord> ideals = new HashMap<>();
        for (RunRecord run : runs) {
            if (run.id().world() == World.IDEAL) {
                RunRecord previous = ideals.putIfAbsent(PairKey.of(run.id()), run);
                if (previous != null) {
                    throw new IllegalArgumentException("two ideal-world runs for " + PairKey.of(run.id())
                            + ": " + previous.id() + " and " + run.id());
                }
            }
        }
        List<Comparison> comparisons = new ArrayList<>();
        for (RunRecord run : runs) {
            if (run.id().world() == World.REAL) {
                comparisons.add(Comparison.of(run, ideals.get(PairKey.of(run.id())), criterion));
            }
        }
        return comparisons;
    }
}
