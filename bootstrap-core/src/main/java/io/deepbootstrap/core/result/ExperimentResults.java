package io.deepbootstrap.core.result;

import java.util.List;
import java.util.Optional;

/**
 * Everything derived from an experiment's finished runs: the real-vs-ideal comparisons and their
 * aggregates over seeds. Cheap to recompute; build a new one after every finished run.
 *
 * @param runs the finished runs of both worlds, in the order they were given
 * @param criterion how T_stop was found
 * @param comparisons one per real-world run
 * @param aggregates one per (architecture, train size, augmentation)
 */
public record ExperimentResults(List<RunRecord> runs, ConvergenceCriterion criterion,
                                List<Comparison> comparisons, List<SeedAggregate> aggregates) {

    public ExperimentResults {
        runs = List.copyOf(runs);
        comparisons = List.copyOf(comparisons);
        aggregates = List.copyOf(aggregates);
    }

    /**
     * @param runs the finished runs of both worlds
     * @param criterion how T_stop is found
     * @return the comparisons and aggregates of these runs
     */
    public static ExperimentResults of(List<RunRecord> runs, ConvergenceCriterion criterion) {
        List<Comparison> comparisons = Comparisons.of(runs, criterion);
        return new ExperimentResults(runs, criterion, comparisons, SeedAggregation.of(comparisons));
    }

    /** @return the decomposition over the design choices; empty with fewer than 2 choices */
    public Optional<Decomposition> decomposition() {
        return Decomposition.of(this);
    }
}
