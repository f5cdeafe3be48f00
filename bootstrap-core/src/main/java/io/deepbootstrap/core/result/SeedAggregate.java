package io.deepbootstrap.core.result;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The comparisons of one (architecture, train size, augmentation) over its seeds. Values that are not
 * finite (a run that diverged or produced no evaluation) are left out of each statistic; its {@code n}
 * says how many seeds contributed.
 *
 * @param key architecture, train size and augmentation
 * @param comparisons the seeds' comparisons, in input order
 * @param finalRealTestError final test error of the real world
 * @param finalIdealTestError final test error of the ideal world
 * @param finalRealTestSoftError final test soft-error of the real world
 * @param finalIdealTestSoftError final test soft-error of the ideal world
 * @param maxAbsSoftErrorGap max |soft-error gap| up to T_stop
 * @param meanAbsSoftErrorGap mean |soft-error gap| up to T_stop
 * @param tStop T_stop over the seeds that converged ({@code n} = how many converged)
 */
public record SeedAggregate(AggregateKey key, List<Comparison> comparisons,
                            MeanStd finalRealTestError, MeanStd finalIdealTestError,
                            MeanStd finalRealTestSoftError, MeanStd finalIdealTestSoftError,
                            MeanStd maxAbsSoftErrorGap, MeanStd meanAbsSoftErrorGap, MeanStd tStop) {

    public SeedAggregate {
        comparisons = List.copyOf(comparisons);
    }

    /**
     * @param key what the comparisons share
     * @param comparisons one comparison per seed, at least one
     * @return their aggregate
     */
    public static SeedAggregate of(AggregateKey key, List<Comparison> comparisons) {
        if (comparisons.isEmpty()) {
            throw new IllegalArgumentException("no comparisons to aggregate for " + key);
        }
        return new SeedAggregate(key, comparisons,
                stat(comparisons, c -> c.finalRealTest(MetricNames.ERROR)),
                stat(comparisons, c -> c.finalIdealTest(MetricNames.ERROR)),
                stat(comparisons, c -> c.finalRealTest(MetricNames.SOFT_ERROR)),
                stat(comparisons, c -> c.finalIdealTest(MetricNames.SOFT_ERROR)),
                stat(comparisons, c -> c.maxAbsGap().getOrDefault(MetricNames.SOFT_ERROR, Double.NaN)),
                stat(comparisons, c -> c.meanAbsGap().getOrDefault(MetricNames.SOFT_ERROR, Double.NaN)),
                stat(comparisons, c -> c.tStop().isPresent() ? c.tStop().getAsInt() : Double.NaN));
    }

    /** @return how many seeds were aggregated */
    public int seeds() {
        return comparisons.size();
    }

    /** @return how many seeds' real runs converged */
    public int converged() {
        return (int) comparisons.stream().filter(Comparison::converged).count();
    }

    /** @return the largest number of steps any of the seeds' real runs was planned for (T) */
    public int steps() {
        return comparisons.stream().mapToInt(c -> c.real().steps()).max().orElse(0);
    }

    /** @return how many seeds ended with each comparison status */
    public Map<ComparisonStatus, Long> statusCounts() {
        return comparisons.stream().collect(
                Collectors.groupingBy(Comparison::status, TreeMap::new, Collectors.counting()));
    }

    /**
     * @return {@code ok} if every seed is ok, a single status if all seeds share it, else counts such as
     *     {@code 2 ok, 1 diverged}
     */
    public String statusSummary() {
        Map<ComparisonStatus, Long> counts = statusCounts();
        if (counts.size() == 1) {
            return counts.keySet().iterator().next().id();
        }
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().id())
                .collect(Collectors.joining(", "));
    }

    private static MeanStd stat(List<Comparison> comparisons, ToDoubleFunction<Comparison> value) {
        return MeanStd.of(comparisons.stream().map(c -> value.applyAsDouble(c)).toList());
    }
}
