package io.deepbootstrap.core.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Mean, sample standard deviation and count over seeds of every per-comparison summary, for one group
 * of comparisons whose windows are alike (all converged, or none did). Each map goes from metric name to
 * its statistic; values that are not finite (a diverged run, a missing evaluation) are left out of a
 * statistic, and its {@code n} says how many seeds contributed.
 *
 * @param comparisons the group's comparisons (one per seed), in input order
 * @param tStop T_stop (all NaN, {@code n = 0}, in a group that never converged)
 * @param gapAtTStop the gap at T_stop
 * @param meanAbsGap the step-weighted mean |gap| over each seed's window
 * @param maxAbsGap the largest |gap| in each seed's window
 * @param realTestAtTStop the real world's test metrics at T_stop
 * @param idealTestAtTStop the ideal world's test metrics at T_stop
 * @param realTestAtT the real world's test metrics at T
 * @param idealTestAtT the ideal world's test metrics at T
 */
public record SeedStats(List<Comparison> comparisons, MeanStd tStop, Map<String, MeanStd> gapAtTStop,
                        Map<String, MeanStd> meanAbsGap, Map<String, MeanStd> maxAbsGap,
                        Map<String, MeanStd> realTestAtTStop, Map<String, MeanStd> idealTestAtTStop,
                        Map<String, MeanStd> realTestAtT, Map<String, MeanStd> idealTestAtT) {

    public SeedStats {
        comparisons = List.copyOf(comparisons);
        gapAtTStop = frozen(gapAtTStop);
        meanAbsGap = frozen(meanAbsGap);
        maxAbsGap = frozen(maxAbsGap);
        realTestAtTStop = frozen(realTestAtTStop);
        idealTestAtTStop = frozen(idealTestAtTStop);
        realTestAtT = frozen(realTestAtT);
        idealTestAtT = frozen(idealTestAtT);
    }

    /**
     * @param comparisons the group's comparisons, possibly none
     * @return their statistics; every metric any of them recorded has an entry in each map
     */
    public static SeedStats of(List<Comparison> comparisons) {
        Set<String> metrics = new LinkedHashSet<>();
        for (Comparison c : comparisons) {
            c.gaps().forEach(g -> metrics.addAll(g.gap().keySet()));
            c.real().curve().forEach(e -> metrics.addAll(e.test().keySet()));
            if (c.ideal() != null) {
                c.ideal().curve().forEach(e -> metrics.addAll(e.test().keySet()));
            }
        }
        List<String> ordered = MetricNames.ordered(metrics);
        return new SeedStats(comparisons,
                MeanStd.of(comparisons.stream()
                        .map(c -> c.tStop().isPresent() ? (double) c.tStop().getAsInt() : Double.NaN).toList()),
                perMetric(ordered, comparisons, (c, m) -> c.gapAtTStop().getOrDefault(m, Double.NaN)),
                perMetric(ordered, comparisons, (c, m) -> c.meanAbsGap().getOrDefault(m, Double.NaN)),
                perMetric(ordered, comparisons, (c, m) -> c.maxAbsGap().getOrDefault(m, Double.NaN)),
                perMetric(ordered, comparisons, atTStop(StepPair::realTest)),
                perMetric(ordered, comparisons, atTStop(StepPair::idealTest)),
                perMetric(ordered, comparisons, (c, m) -> c.atT().realTest(m)),
                perMetric(ordered, comparisons, (c, m) -> c.atT().idealTest(m)));
    }

    /** @return how many seeds the group holds */
    public int seeds() {
        return comparisons.size();
    }

    /** @return the statuses of the group's comparisons, summarised by {@link ComparisonStatus#summary} */
    public String statusSummary() {
        return ComparisonStatus.summary(comparisons.stream().map(Comparison::status).toList());
    }

    /**
     * @param map one of this record's maps
     * @param metric a metric name
     * @return the metric's statistic, or an empty one ({@code n = 0}) if the group has no such metric
     */
    public static MeanStd get(Map<String, MeanStd> map, String metric) {
        return map.getOrDefault(metric, MeanStd.of(List.of()));
    }

    private static BiFunction<Comparison, String, Double> atTStop(BiFunction<StepPair, String, Double> value) {
        return (c, m) -> c.atTStop().map(pair -> value.apply(pair, m)).orElse(Double.NaN);
    }

    private static Map<String, MeanStd> perMetric(List<String> metrics, List<Comparison> comparisons,
                                                  BiFunction<Comparison, String, Double> value) {
        Map<String, MeanStd> result = new LinkedHashMap<>();
        for (String metric : metrics) {
            Function<Comparison, Double> of = c -> value.apply(c, metric);
            result.put(metric, MeanStd.of(comparisons.stream().map(of).toList()));
        }
        return result;
    }

    private static Map<String, MeanStd> frozen(Map<String, MeanStd> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
