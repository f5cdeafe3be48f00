package io.deepbootstrap.app.report;

import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.result.Comparison;
import io.deepbootstrap.core.result.ComparisonStatus;
import io.deepbootstrap.core.result.Decomposition;
import io.deepbootstrap.core.result.ExperimentResults;
import io.deepbootstrap.core.result.KendallTau;
import io.deepbootstrap.core.result.MeanStd;
import io.deepbootstrap.core.result.MetricNames;
import io.deepbootstrap.core.result.SeedAggregate;
import io.deepbootstrap.core.result.SeedStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console summary of an experiment, one row per architecture, train size (and augmentation, when
 * any is used) and convergence: the seeds whose real run converged on one row, those that never did on a
 * row of their own (their mean |gap| is over [1, T], not [1, T_stop], so the two are not averaged
 * together). Columns, each header saying at which step it is read: T_stop; the test soft-error of both
 * worlds at T_stop and their gap there; the step-weighted mean |soft-error gap| up to T_stop; the test
 * error of both worlds at T; the status. With several seeds a value is {@code mean ± std} (sample
 * standard deviation) over the row's seeds, followed by {@code (k)} when only k of them have a value.
 * With at least 2 design choices a line gives the rank agreement of the two worlds (Kendall's tau, see
 * {@link Decomposition}). Comparisons that are not ok are listed below the table with their messages. With
 * several test sets ({@code evaluation.test-sets}) the table is the primary set's, and a second table
 * ({@link FurtherTestSetsTable}) gives the same columns per further set.
 */
public final class SummaryTable {

    /** Shown for a value that does not exist (no evaluation, never converged in a failed run). */
    public static final String NONE = "—";

    private static final String SOFT = MetricNames.SOFT_ERROR;
    private static final String ERROR = MetricNames.ERROR;

    private SummaryTable() {
    }

    /**
     * @param results the experiment's results
     * @return the table and its notes, every line ending with {@code \n}
     */
    public static String render(ExperimentResults results) {
        return render(results, null);
    }

    /**
     * @param results the experiment's results
     * @param primaryTestSet the name of the primary test set ({@code evaluation.test-sets}), or null if unnamed
     * @return the table and its notes, every line ending with {@code \n}
     */
    public static String render(ExperimentResults results, String primaryTestSet) {
        List<SeedAggregate> aggregates = results.aggregates();
        if (aggregates.isEmpty()) {
            return "no real-vs-ideal comparison yet\n";
        }
        boolean augmented = aggregates.stream().anyMatch(a -> !"none".equals(a.key().augmentation()));
        TextTable table = new TextTable().column("architecture", false).column("N", true);
        if (augmented) {
            table.column("augmentation", false);
        }
        table.column("seeds", true).column("T_stop", true)
                .column("soft-err real @T_stop", true).column("soft-err ideal @T_stop", true)
                .column("gap @T_stop", true).column("mean |gap| to T_stop", true)
                .column("test err real @T", true).column("test err ideal @T", true).column("status", false);
        boolean anyUnconverged = false;
        for (SeedAggregate a : aggregates) {
            for (SeedStats group : List.of(a.converged(), a.notConverged())) {
                if (group.seeds() == 0) {
                    continue;
                }
                anyUnconverged |= group == a.notConverged();
                List<String> row = new ArrayList<>();
                row.add(a.key().architecture());
                row.add(Integer.toString(a.key().trainSize()));
                if (augmented) {
                    row.add(a.key().augmentation());
                }
                int n = group.seeds();
                row.add(Integer.toString(n));
                row.add(tStop(group, a.steps()));
                row.add(value(group.realTestAtTStop(), SOFT, n));
                row.add(value(group.idealTestAtTStop(), SOFT, n));
                row.add(value(group.gapAtTStop(), SOFT, n));
                row.add(value(group.meanAbsGap(), SOFT, n));
                row.add(value(group.realTestAtT(), ERROR, n));
                row.add(value(group.idealTestAtT(), ERROR, n));
                row.add(group.statusSummary());
                table.row(row);
            }
        }
        StringBuilder out = new StringBuilder(table.render());
        out.append("T_stop: first step with ").append(results.criterion()).append(" on S (within max(4 steps, 3%))");
        if (anyUnconverged) {
            out.append("; >T: not reached in T steps (those seeds have a row of their own, their mean |gap|"
                    + " is over [1, T])");
        }
        out.append(".\n")
                .append("soft-err: test soft-error; gap = soft-err(real) - soft-err(ideal), both evaluated at"
                        + " T_stop; mean |gap|: step-weighted (trapezoid) over steps [1, T_stop].\n")
                .append("@T: at the last step T. Values over seeds: mean ± sample std, (k) when only k seeds"
                        + " have a value.\n");
        out.append(FurtherTestSetsTable.render(results, primaryTestSet));
        results.decomposition().ifPresent(d -> out.append(rankAgreement(d)));
        for (Comparison c : results.comparisons()) {
            if (c.status() != ComparisonStatus.OK) {
                out.append(c.real().id().label()).append(": ").append(c.status().id()).append(": ")
                        .append(c.message()).append('\n');
            }
        }
        return out.toString();
    }

    private static String rankAgreement(Decomposition d) {
        KendallTau tau = d.rankAgreement();
        String value = Double.isNaN(tau.tau()) ? "undefined" : String.format(Locale.ROOT, "%.2f", tau.tau());
        return "Rank agreement of the two worlds over the " + tau.n() + " choices with values (test soft-error at"
                + " each seed's T_stop, or T): Kendall's tau = " + value + " (decomposition.csv).\n";
    }

    static String value(Map<String, MeanStd> stats, String metric, int seeds) {
        MeanStd stat = SeedStats.get(stats, metric);
        if (stat.isEmpty()) {
            return NONE;
        }
        String text = String.format(Locale.ROOT, "%.4f", stat.mean());
        if (seeds > 1 && stat.n() > 1) {
            text += String.format(Locale.ROOT, " ± %.4f", stat.std());
        }
        return stat.n() < seeds ? text + " (" + stat.n() + ")" : text;
    }

    static String tStop(SeedStats group, int steps) {
        MeanStd t = group.tStop();
        if (t.isEmpty()) {
            boolean allRanToTheEnd = group.comparisons().stream()
                    .allMatch(c -> c.real().status() == RunStatus.OK);
            return allRanToTheEnd ? ">" + steps : NONE;
        }
        if (t.n() == 1) {
            return String.format(Locale.ROOT, "%.0f", t.mean());
        }
        return String.format(Locale.ROOT, "%.0f ± %.0f", t.mean(), t.std());
    }
}
