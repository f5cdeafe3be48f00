package io.deepbootstrap.tracking;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reports each kind of problem once, counts its repetitions, and sums them up at the end, so that a dead
 * tracking server produces a few lines instead of one per request. Thread-safe.
 */
final class ProblemLog {
    private final Consumer<String> warn;
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    /** @param warn where warnings go */
    ProblemLog(Consumer<String> warn) {
        this.warn = warn;
    }

    /**
     * @param kind what went wrong, without the details that differ between occurrences
     * @param detail the first occurrence's details
     */
    synchronized void report(String kind, String detail) {
        int n = counts.merge(kind, 1, Integer::sum);
        if (n == 1) {
            warn.accept("mlflow: " + kind + ": " + detail + " (the experiment goes on; further occurrences are counted)");
        }
    }

    /** @return the number of problems reported */
    synchronized int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Writes one line per kind of problem that happened more than once. */
    synchronized void summarize() {
        counts.forEach((kind, n) -> {
            if (n > 1) {
                warn.accept("mlflow: " + kind + ": " + n + " times in all");
            }
        });
    }
}
