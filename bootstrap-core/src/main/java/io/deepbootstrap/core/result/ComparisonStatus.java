package io.deepbootstrap.core.result;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The outcome of comparing a real-world run with its ideal-world partner. */
public enum ComparisonStatus {
    /** Both runs ended normally. */
    OK,
    /** Neither run failed, but at least one diverged; the comparison covers the steps both reached. */
    DIVERGED,
    /** At least one of the two runs failed; the comparison covers the steps both reached. */
    FAILED,
    /** The real run exists but its ideal partner has not been recorded (yet). */
    PENDING;

    /** @return lower-case name as written in result files */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param statuses the statuses of several comparisons
     * @return the single status if all share one (e.g. {@code ok}), else counts in declaration order such
     *     as {@code 2 ok, 1 diverged}; empty for no statuses
     */
    public static String summary(Collection<ComparisonStatus> statuses) {
        Map<ComparisonStatus, Long> counts = statuses.stream()
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        if (counts.size() == 1) {
            return counts.keySet().iterator().next().id();
        }
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().id())
                .collect(Collectors.joining(", "));
    }
}
