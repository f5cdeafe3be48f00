package io.deepbootstrap.core.result;

import java.util.List;
import java.util.Map;

/**
 * The comparisons of one (architecture, train size, augmentation) over its seeds. Seeds whose real run
 * converged and seeds whose real run never did are aggregated apart ({@link #converged()},
 * {@link #notConverged()}): their windows differ ([1, T_stop] against [1, T]), so averaging their
 * mean |gap| together would mix windows of different lengths. The test metrics at T do not depend on the
 * window and are also aggregated over all seeds ({@link #realTestAtT()}, {@link #idealTestAtT()}).
 *
 * @param key architecture, train size and augmentation
 * @param comparisons the seeds' comparisons, in input order
 * @param converged statistics over the seeds whose real run met the convergence criterion
 * @param notConverged statistics over the seeds whose real run never met it
 * @param realTestAtT the real world's test metrics at T over all seeds
 * @param idealTestAtT the ideal world's test metrics at T over all seeds
 */
public record SeedAggregate(AggregateKey key, List<Comparison> comparisons, SeedStats converged,
                            SeedStats notConverged, Map<String, MeanStd> realTestAtT,
                            Map<String, MeanStd> idealTestAtT) {

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
        SeedStats all = SeedStats.of(comparisons);
        return new SeedAggregate(key, comparisons,
                SeedStats.of(comparisons.stream().filter(Comparison::converged).toList()),
                SeedStats.of(comparisons.stream().filter(c -> !c.converged()).toList()),
                all.realTestAtT(), all.idealTestAtT());
    }

    /** @return how many seeds were aggregated */
    public int seeds() {
        return comparisons.size();
    }

    /** @return T_stop over the seeds that converged ({@code n} = how many converged) */
    public MeanStd tStop() {
        return converged.tStop();
    }

    /** @return the largest number of steps any of the seeds' real runs was planned for (T) */
    public int steps() {
        return comparisons.stream().mapToInt(c -> c.real().steps()).max().orElse(0);
    }

    /** @return the statuses of all seeds' comparisons, summarised by {@link ComparisonStatus#summary} */
    public String statusSummary() {
        return ComparisonStatus.summary(comparisons.stream().map(Comparison::status).toList());
    }
}
