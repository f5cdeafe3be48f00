package io.deepbootstrap.core.result;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Decomposition} as a CSV table ({@value Decomposition#FILE_NAME}), one row per design choice:
 * {@code choice, architecture, train_size, augmentation, seeds, converged, stop_step_mean,
 * real_<m>_mean, real_<m>_std, ideal_<m>_mean, ideal_<m>_std, gap_<m>_mean, gap_<m>_std, real_rank,
 * ideal_rank} with {@code <m>} the metric key ({@code soft_error}). {@code seeds} counts the seeds with
 * both values, {@code converged} those of them read at T_stop (the others at T); {@code real = ideal + gap}
 * holds per seed and so for the means. Empty cells for values that do not exist; quoting and number
 * format as in {@link CurvesCsv}.
 */
public final class DecompositionCsv {

    private DecompositionCsv() {
    }

    /**
     * @param file the file to write atomically
     * @param decomposition the decomposition
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Decomposition decomposition) throws IOException {
        AtomicFiles.writeString(file, render(decomposition));
    }

    /**
     * @param decomposition the decomposition
     * @return the CSV text, header first, lines ending with {@code \n}
     */
    public static String render(Decomposition decomposition) {
        String m = MetricNames.key(decomposition.metric());
        List<String> header = List.of("choice", "architecture", "train_size", "augmentation", "seeds", "converged",
                "stop_step_mean", "real_" + m + "_mean", "real_" + m + "_std", "ideal_" + m + "_mean",
                "ideal_" + m + "_std", "gap_" + m + "_mean", "gap_" + m + "_std", "real_rank", "ideal_rank");
        StringBuilder csv = new StringBuilder();
        CurvesCsv.appendRow(csv, header);
        for (DecompositionChoice c : decomposition.choices()) {
            List<String> row = new ArrayList<>(List.of(c.label(), c.key().architecture(),
                    Integer.toString(c.key().trainSize()), c.key().augmentation(),
                    Integer.toString(c.points().size()), Integer.toString(c.converged())));
            row.add(number(c.stopStep().mean()));
            for (MeanStd stat : List.of(c.real(), c.ideal(), c.gap())) {
                row.add(number(stat.mean()));
                row.add(number(stat.std()));
            }
            row.add(number(c.realRank()));
            row.add(number(c.idealRank()));
            CurvesCsv.appendRow(csv, row);
        }
        return csv.toString();
    }

    private static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "";
    }
}
