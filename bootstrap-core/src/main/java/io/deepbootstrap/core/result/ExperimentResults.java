package io.deepbootstrap.core.result;

import io.deepbootstrap.api.run.Evaluation;
import java.util.ArrayList;
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

    /**
     * @return the names of the further test sets ({@code evaluation.test-sets} after the primary) whose metrics
     *     the runs recorded as {@code <set>/<metric>}, in the order first seen; empty with one test set
     */
    public List<String> furtherTestSets() {
        List<String> names = new ArrayList<>();
        for (RunRecord run : runs) {
            for (Evaluation e : run.curve()) {
                TestSetMetrics.furtherSets(e.test().keySet()).stream().filter(n -> !names.contains(n)).forEach(names::add);
            }
        }
        return names;
    }

    /** @return the decomposition over the design choices; empty with fewer than 2 choices */
    public Optional<Decomposition> decomposition() {
        return Decomposition.of(this);
    }
}
