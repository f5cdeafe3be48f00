package io.deepbootstrap.app.report;

import io.deepbootstrap.core.result.ExperimentResults;
import io.deepbootstrap.core.result.MetricNames;
import io.deepbootstrap.core.result.SeedAggregate;
import io.deepbootstrap.core.result.SeedStats;
import io.deepbootstrap.core.result.TestSetMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * The console table of the further test sets of {@code evaluation.test-sets} (after the primary one, which
 * {@link SummaryTable} shows): one row per further set, architecture, train size (and augmentation) and
 * convergence, with the same columns as the main table read on that set — test soft-error of both worlds at
 * T_stop (the real world's T_stop, located on S as for the primary set) and their gap there, the step-weighted
 * mean |gap| up to T_stop, the test error of both worlds at T. Empty with one test set.
 */
final class FurtherTestSetsTable {
    private FurtherTestSetsTable() {
    }

    /**
     * @param results the experiment's results
     * @param primary the primary test set's name, or null if unnamed
     * @return the table with a heading line, every line ending with {@code \n}; empty without further test sets
     */
    static String render(ExperimentResults results, String primary) {
        List<String> sets = results.furtherTestSets();
        if (sets.isEmpty()) {
            return "";
        }
        boolean augmented = results.aggregates().stream().anyMatch(a -> !"none".equals(a.key().augmentation()));
        TextTable table = new TextTable().column("test set", false).column("architecture", false).column("N", true);
        if (augmented) {
            table.column("augmentation", false);
        }
        table.column("seeds", true).column("T_stop", true)
                .column("soft-err real @T_stop", true).column("soft-err ideal @T_stop", true)
                .column("gap @T_stop", true).column("mean |gap| to T_stop", true)
                .column("test err real @T", true).column("test err ideal @T", true);
        for (String set : sets) {
            String soft = TestSetMetrics.qualified(set, MetricNames.SOFT_ERROR);
            String error = TestSetMetrics.qualified(set, MetricNames.ERROR);
            for (SeedAggregate a : results.aggregates()) {
                for (SeedStats group : List.of(a.converged(), a.notConverged())) {
                    if (group.seeds() == 0) {
                        continue;
                    }
                    int n = group.seeds();
                    List<String> row = new ArrayList<>(List.of(set, a.key().architecture(), Integer.toString(a.key().trainSize())));
                    if (augmented) {
                        row.add(a.key().augmentation());
                    }
                    row.addAll(List.of(Integer.toString(n), SummaryTable.tStop(group, a.steps()),
                            SummaryTable.value(group.realTestAtTStop(), soft, n), SummaryTable.value(group.idealTestAtTStop(), soft, n),
                            SummaryTable.value(group.gapAtTStop(), soft, n), SummaryTable.value(group.meanAbsGap(), soft, n),
                            SummaryTable.value(group.realTestAtT(), error, n), SummaryTable.value(group.idealTestAtT(), error, n)));
                    table.row(row);
                }
            }
        }
        return "Further test sets (evaluation.test-sets after the first; the table above is the primary set"
                + (primary == null ? "" : " '" + primary + "'") + "):\n"
                + table.render();
    }
}
