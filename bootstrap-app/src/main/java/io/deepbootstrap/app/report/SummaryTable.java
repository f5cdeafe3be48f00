package io.deepbootstrap.app.report;

import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.result.Comparison;
import io.deepbootstrap.core.result.ComparisonStatus;
import io.deepbootstrap.core.result.ExperimentResults;
import io.deepbootstrap.core.result.MeanStd;
import io.deepbootstrap.core.result.SeedAggregate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The console summary of an experiment: one row per architecture, train size (and augmentation, when
 * any is used) with the final test error of both worlds, T_stop, max and mean |soft-error gap| up to
 * T_stop and the status. With several seeds, values are {@code mean ± std} over the seeds (T_stop over
 * the seeds that converged, with their count). Comparisons that are not ok are listed below the table
 * with their messages.
 */
public final class SummaryTable {

    /** Shown for a value that does not exist (no evaluation, never converged in a failed run). */
    public static final String NONE = "—";

    private SummaryTable() {
    }

    /**
     * @param results the experiment's results
     * @return the table and its notes, every line ending with {@code \n}
     */
    public static String render(ExperimentResults results) {
        List<SeedAggregate> aggregates = results.aggregates();
        if (aggregates.isEmpty()) {
            return "no real-vs-ideal comparison yet\n";
        }
        boolean augmented = aggregates.stream().anyMatch(a -> !"none".equals(a.key().augmentation()));
        boolean seeded = aggregates.stream().anyMatch(a -> a.seeds() > 1);
        TextTable table = new TextTable().column("architecture", false).column("N", true);
        if (augmented) {
            table.column("augmentation", false);
        }
        if (seeded) {
            table.column("seeds", true);
        }
        table.column("test err real", true).column("test err ideal", true).column("T_stop", true)
                .column("max |gap| soft-err", true).column("mean |gap| soft-err", true).column("status", false);
        for (SeedAggregate a : aggregates) {
            List<String> row = new ArrayList<>();
            row.add(a.key().architecture());
            row.add(Integer.toString(a.key().trainSize()));
            if (augmented) {
                row.add(a.key().augmentation());
            }
            if (seeded) {
                row.add(Integer.toString(a.seeds()));
            }
            row.add(value(a.finalRealTestError(), a.seeds()));
            row.add(value(a.finalIdealTestError(), a.seeds()));
            row.add(tStop(a));
            row.add(value(a.maxAbsSoftErrorGap(), a.seeds()));
            row.add(value(a.meanAbsSoftErrorGap(), a.seeds()));
            row.add(a.statusSummary());
            table.row(row);
        }
        StringBuilder out = new StringBuilder(table.render());
        out.append("T_stop: first evaluated step with ").append(results.criterion())
                .append(" (>T: not reached in T steps).\n")
                .append("|gap| = |test soft-error(real) - test soft-error(ideal)| over the evaluated steps"
                        + " up to T_stop.\n");
        for (Comparison c : results.comparisons()) {
            if (c.status() != ComparisonStatus.OK) {
                out.append(c.real().id().label()).append(": ").append(c.status().id()).append(": ")
                        .append(c.message()).append('\n');
            }
        }
        return out.toString();
    }

    private static String value(MeanStd stat, int seeds) {
        if (stat.isEmpty()) {
            return NONE;
        }
        String mean = String.format(Locale.ROOT, "%.4f", stat.mean());
        return seeds > 1 ? mean + String.format(Locale.ROOT, " ± %.4f", stat.std()) : mean;
    }

    private static String tStop(SeedAggregate a) {
        MeanStd t = a.tStop();
        if (t.isEmpty()) {
            boolean allRanToTheEnd = a.comparisons().stream().allMatch(c -> c.real().status() == RunStatus.OK);
            return allRanToTheEnd ? ">" + a.steps() : NONE;
        }
        if (a.seeds() == 1) {
            return String.format(Locale.ROOT, "%.0f", t.mean());
        }
        String value = String.format(Locale.ROOT, "%.0f ± %.0f", t.mean(), t.std());
        return t.n() == a.seeds() ? value : value + " (" + t.n() + "/" + a.seeds() + ")";
    }
}
