package io.deepbootstrap.core.result;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every run's training steps and evaluations cost, one row per run ({@value #FILE_NAME}; see
 * {@link RunTiming}): {@code run, architecture, train_size, seed, augmentation, world, steps, training_cpu_s,
 * training_wall_s, preparation_cpu_s, step_cpu_ms, evaluations, evaluation_cpu_s}. {@code step_cpu_ms} is the CPU
 * time per training step, the training thread's and the prefetch thread's (the batch's preparation) together: the
 * real and the ideal world of a cell do the same work per step, so their {@code step_cpu_ms} should agree (on a
 * loaded machine far better than their wall times do). The timing columns are empty for a run without a
 * measurement (one that failed before training, or one finished by an older version). Timings are measurements,
 * not results: they differ between identical runs, which is why they are kept out of {@code curves.csv} and
 * {@code summary.json}, whose numbers repeat bit for bit. Formatting as {@link CurvesCsv}.
 */
public final class TimingsCsv {

    /** The file name within the experiment directory. */
    public static final String FILE_NAME = "timings.csv";

    private static final List<String> HEADER = List.of("run", "architecture", "train_size", "seed", "augmentation",
            "world", "steps", "training_cpu_s", "training_wall_s", "preparation_cpu_s", "step_cpu_ms", "evaluations",
            "evaluation_cpu_s");

    private TimingsCsv() {
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
        StringBuilder csv = new StringBuilder();
        CurvesCsv.appendRow(csv, HEADER);
        for (RunRecord run : runs) {
            RunTiming t = run.timing();
            List<String> row = new ArrayList<>(HEADER.size());
            CurvesCsv.addRunColumns(row, run.id());
            if (t.measured()) {
                row.add(Integer.toString(t.steps()));
                row.add(Double.toString(t.trainingCpuSeconds()));
                row.add(Double.toString(t.trainingWallSeconds()));
                row.add(Double.toString(t.preparationCpuSeconds()));
                row.add(Double.toString(t.stepCpuMillis()));
                row.add(Integer.toString(t.evaluations()));
                row.add(Double.toString(t.evaluationCpuSeconds()));
            } else {
                while (row.size() < HEADER.size()) {
                    row.add("");
                }
            }
            CurvesCsv.appendRow(csv, row);
        }
        return csv.toString();
    }
}
