package io.deepbootstrap.core.result;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Names of the built-in metrics and the order in which result files list metrics. */
public final class MetricNames {

    /** Fraction of examples whose arg-max class is wrong. */
    public static final String ERROR = "error";
    /** Mean of {@code 1 - p_y}, the Deep Bootstrap paper's main metric. */
    public static final String SOFT_ERROR = "soft-error";
    /** Mean cross-entropy {@code -log p_y}. */
    public static final String LOSS = "loss";
    /** The built-in metrics, in the order result files list them. */
    public static final List<String> BUILT_IN = List.of(ERROR, SOFT_ERROR, LOSS);

    private MetricNames() {
    }

    /**
     * @param names metric names in any order, possibly with duplicates
     * @return the built-in names that occur, in {@link #BUILT_IN} order, then the others sorted
     */
    public static List<String> ordered(Collection<String> names) {
        List<String> result = new ArrayList<>();
        for (String builtIn : BUILT_IN) {
            if (names.contains(builtIn)) {
                result.add(builtIn);
            }
        }
        TreeSet<String> extras = new TreeSet<>(names);
        extras.removeAll(BUILT_IN);
        result.addAll(extras);
        return result;
    }

    /**
     * @param metric a metric name such as {@code soft-error}
     * @return the name as used in CSV columns and JSON keys: lower case, hyphens and spaces become
     *     underscores ({@code soft_error})
     */
    public static String key(String metric) {
        return metric.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }
}
