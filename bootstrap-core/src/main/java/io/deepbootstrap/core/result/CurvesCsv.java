package io.deepbootstrap.core.result;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The learning curves of all runs as one tidy CSV table ({@value #FILE_NAME}): one row per (run,
 * evaluated step). Columns: {@code run, architecture, train_size, seed, augmentation, world, step,
 * examples_seen, test_error, test_soft_error, test_loss, train_error, train_soft_error, train_loss,
 * learning_rate, elapsed_s}, then {@code test_<m>} and {@code train_<m>} for every further metric
 * (hyphens become underscores); with several test sets ({@code evaluation.test-sets}) the further sets' metrics
 * are such columns too, {@code test_<set>/<metric>} (e.g. {@code test_real/soft_error}): one column group per
 * further set, while the {@code test_*} columns without a {@code /} stay the primary set's, so readers of a
 * single-test-set file read the new files unchanged. {@code train_size} and the train columns are empty for the ideal world,
 * as is any metric a run did not record. Numbers are written with {@link Double#toString} (round-trip
 * precision; {@code NaN}, {@code Infinity}); lines end with {@code \n}; fields holding commas, quotes or
 * line breaks are quoted as in RFC 4180.
 */
public final class CurvesCsv {

    /** The file name within the experiment directory. */
    public static final String FILE_NAME = "curves.csv";

    private CurvesCsv() {
    }

    /**
     * @param file the file to write atomically
     * @param runs the runs of both worlds
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, List<RunRecord> runs) throws IOException {
        AtomicFiles.writeString(file, render(runs));
    }

    /**
     * @param runs the runs of both worlds
     * @return the CSV text, header first
     */
    public static String render(List<RunRecord> runs) {
        TreeSet<String> extraTest = new TreeSet<>();
        TreeSet<String> extraTrain = new TreeSet<>();
        for (RunRecord run : runs) {
            for (Evaluation evaluation : run.curve()) {
                extraTest.addAll(evaluation.test().keySet());
                extraTrain.addAll(evaluation.train().keySet());
            }
        }
        extraTest.removeAll(MetricNames.BUILT_IN);
        extraTrain.removeAll(MetricNames.BUILT_IN);

        List<String> header = new ArrayList<>(List.of("run", "architecture", "train_size", "seed",
                "augmentation", "world", "step", "examples_seen"));
        MetricNames.BUILT_IN.forEach(m -> header.add("test_" + MetricNames.key(m)));
        MetricNames.BUILT_IN.forEach(m -> header.add("train_" + MetricNames.key(m)));
        header.add("learning_rate");
        header.add("elapsed_s");
        extraTest.forEach(m -> header.add("test_" + MetricNames.key(m)));
        extraTrain.forEach(m -> header.add("train_" + MetricNames.key(m)));

        StringBuilder csv = new StringBuilder();
        appendRow(csv, header);
        for (RunRecord run : runs) {
            RunId id = run.id();
            for (Evaluation evaluation : run.curve()) {
                List<String> row = new ArrayList<>(header.size());
                addRunColumns(row, id);
                row.add(Integer.toString(evaluation.step()));
                row.add(Long.toString(evaluation.examplesSeen()));
                MetricNames.BUILT_IN.forEach(m -> row.add(number(evaluation.test(), m)));
                MetricNames.BUILT_IN.forEach(m -> row.add(number(evaluation.train(), m)));
                row.add(Double.toString(evaluation.learningRate()));
                row.add(Double.toString(evaluation.elapsedSeconds()));
                extraTest.forEach(m -> row.add(number(evaluation.test(), m)));
                extraTrain.forEach(m -> row.add(number(evaluation.train(), m)));
                appendRow(csv, row);
            }
        }
        return csv.toString();
    }

    /**
     * Appends the columns that name a run: {@code run, architecture, train_size, seed, augmentation, world}
     * ({@code train_size} empty for the ideal world).
     */
    static void addRunColumns(List<String> row, RunId id) {
        row.add(id.label());
        row.add(id.architecture());
        row.add(id.world() == World.IDEAL ? "" : Integer.toString(id.trainSize()));
        row.add(Long.toString(id.seed()));
        row.add(id.augmentation());
        row.add(id.world().id());
    }

    private static String number(Map<String, Double> values, String metric) {
        Double value = values.get(metric);
        return value == null ? "" : Double.toString(value);
    }

    static void appendRow(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(escape(fields.get(i)));
        }
        csv.append('\n');
    }

    static String escape(String field) {
        if (field == null) {
            return "";
        }
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0
                && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
