package io.deepbootstrap.app.report;

import io.deepbootstrap.core.config.ConfigError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runs of {@code curves.csv}, read by column name so that columns added later are picked up: every
 * {@code test_<m>} or {@code train_<m>} column with numbers is a metric; every other column this reader
 * does not know and that holds text (e.g. a test-set name) becomes part of a run's identity.
 *
 * @param runs the runs, in the order of their first row
 * @param metrics the metrics found (the part after {@code test_}/{@code train_}), in column order
 */
public record CurveSet(List<RunCurve> runs, List<String> metrics) {

    private static final Set<String> KNOWN = Set.of("run", "architecture", "train_size", "seed", "augmentation",
            "world", "step", "examples_seen", "learning_rate", "elapsed_s");

    /**
     * @param table the parsed {@code curves.csv}
     * @return its runs
     * @throws ConfigError naming the file if a required column ({@code run}, {@code world}, {@code step})
     *     is missing or a step is not a number
     */
    public static CurveSet of(CsvTable table) {
        Map<String, Integer> columns = table.columns();
        for (String required : List.of("run", "world", "step")) {
            if (!columns.containsKey(required)) {
                throw new ConfigError(table.file() + ": no column '" + required + "'; expected the columns of a "
                        + "curves.csv written by bootstrap run (run, ..., world, step, test_<metric>, ...)");
            }
        }
        List<String> metricColumns = new ArrayList<>();
        List<String> extraColumns = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        for (String name : table.header()) {
            if (KNOWN.contains(name)) {
                continue;
            }
            int c = columns.get(name);
            boolean numeric = table.rows().stream().allMatch(r -> r.get(c).isEmpty() || isNumber(r.get(c)));
            if (numeric && (name.startsWith("test_") || name.startsWith("train_"))) {
                metricColumns.add(name);
                String metric = name.substring(name.indexOf('_') + 1);
                if (!metrics.contains(metric)) {
                    metrics.add(metric);
                }
            } else if (!numeric) {
                extraColumns.add(name);
            }
        }
        Map<String, List<List<String>>> byRun = new LinkedHashMap<>();
        for (List<String> row : table.rows()) {
            StringBuilder key = new StringBuilder(row.get(columns.get("run")));
            for (String extra : extraColumns) {
                key.append('\u0000').append(row.get(columns.get(extra)));
            }
            byRun.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(row);
        }
        List<RunCurve> runs = new ArrayList<>();
        for (List<List<String>> rows : byRun.values()) {
            runs.add(curve(table, columns, rows, metricColumns, extraColumns));
        }
        return new CurveSet(List.copyOf(runs), List.copyOf(metrics));
    }

    private static RunCurve curve(CsvTable table, Map<String, Integer> columns, List<List<String>> rows,
                                  List<String> metricColumns, List<String> extraColumns) {
        List<String> first = rows.get(0);
        double[] steps = new double[rows.size()];
        Map<String, double[]> values = new LinkedHashMap<>();
        metricColumns.forEach(m -> values.put(m, new double[rows.size()]));
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            String step = row.get(columns.get("step"));
            if (!isNumber(step)) {
                throw new ConfigError(table.file() + ": run " + row.get(columns.get("run")) + ": step '" + step
                        + "' is not a number");
            }
            steps[i] = Double.parseDouble(step);
            for (String m : metricColumns) {
                String cell = row.get(columns.get(m));
                values.get(m)[i] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
            }
        }
        List<String> extra = new ArrayList<>();
        extraColumns.forEach(e -> extra.add(e + "=" + first.get(columns.get(e))));
        return new RunCurve(first.get(columns.get("run")), cell(first, columns, "architecture"),
                cell(first, columns, "train_size"), cell(first, columns, "seed"), cell(first, columns, "augmentation"),
                cell(first, columns, "world"), String.join(", ", extra), steps, values);
    }

    private static String cell(List<String> row, Map<String, Integer> columns, String name) {
        Integer c = columns.get(name);
        return c == null ? "" : row.get(c);
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
