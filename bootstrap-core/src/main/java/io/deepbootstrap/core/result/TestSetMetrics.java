package io.deepbootstrap.core.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the metrics of several test sets ({@code evaluation.test-sets}) share an evaluation's test metrics: the
 * primary set's under their plain names ({@code soft-error}), every further set's as {@code <set>/<metric>}
 * ({@code real/soft-error}). Curves, checkpoints, the wire format, comparisons and seed aggregates carry them
 * as any other metric; a run with one test set records only plain names, as before the key existed.
 */
public final class TestSetMetrics {
    /** Separates a further test set's name from the metric name. */
    public static final char SEPARATOR = '/';

    private TestSetMetrics() {
    }

    /**
     * @param set a further test set's name
     * @param metric a metric name
     * @return the name its value has among an evaluation's test metrics
     */
    public static String qualified(String set, String metric) {
        return set + SEPARATOR + metric;
    }

    /**
     * @param testMetrics the names of an evaluation's test metrics
     * @return the names of the further test sets among them, in first-seen order
     */
    public static List<String> furtherSets(Iterable<String> testMetrics) {
        List<String> names = new ArrayList<>();
        for (String metric : testMetrics) {
            int at = metric.indexOf(SEPARATOR);
            if (at > 0 && !names.contains(metric.substring(0, at))) {
                names.add(metric.substring(0, at));
            }
        }
        return names;
    }

    /**
     * @param testMetrics an evaluation's test metrics
     * @param set a further test set's name, or null for the primary set
     * @return that set's metrics under their plain names, in the given order
     */
    public static Map<String, Double> of(Map<String, Double> testMetrics, String set) {
        Map<String, Double> out = new LinkedHashMap<>();
        String prefix = set == null ? null : set + SEPARATOR;
        testMetrics.forEach((metric, v) -> {
            if (prefix == null ? metric.indexOf(SEPARATOR) < 0 : metric.startsWith(prefix)) {
                out.put(prefix == null ? metric : metric.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
