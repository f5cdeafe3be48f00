package io.deepbootstrap.app.report;

import io.deepbootstrap.api.World;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.ExperimentResults;
import io.deepbootstrap.core.result.ResultFiles;
import io.deepbootstrap.core.result.RunRecord;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark, not a test: what report.html adds to the files written after every finished run, for a
 * 40-run experiment with 20 evaluations each (and four metrics, one from a plugin). Prints, over 15
 * repetitions after 5 warm-ups, the median time of writing curves.csv + summary.json, of the PNG plots
 * and of report.html, the report's size, and the load average. Run with the test class path:
 * {@code java -cp ... io.deepbootstrap.app.report.ReportWriteTiming [DIR]}.
 */
public final class ReportWriteTiming {

    private ReportWriteTiming() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/report-timing");
        List<RunRecord> runs = new ArrayList<>();
        for (int seed = 0; seed < 4; seed++) {
            for (String arch : List.of("mlp", "cnn", "resnet", "vit", "vgg")) {
                runs.add(HtmlReportTest.run(arch, seed, World.IDEAL, 0, 20));
                for (int n : new int[] {500, 2000, 8000}) {
                    runs.add(HtmlReportTest.run(arch, seed, World.REAL, n, 20));
                }
            }
        }
        runs = runs.subList(0, 40);
        ExperimentResults results = ExperimentResults.of(runs, ConvergenceCriterion.DEFAULT);
        int repetitions = 15;
        double[][] ms = new double[3][repetitions];
        for (int i = -5; i < repetitions; i++) {
            long t0 = System.nanoTime();
            ResultFiles.write(dir, "timing", results);
            long t1 = System.nanoTime();
            PlotFiles.write(dir, results);
            DecompositionFigure.write(dir, results);
            long t2 = System.nanoTime();
            HtmlReport.write(dir);
            long t3 = System.nanoTime();
            if (i >= 0) {
                ms[0][i] = (t1 - t0) / 1e6;
                ms[1][i] = (t2 - t1) / 1e6;
                ms[2][i] = (t3 - t2) / 1e6;
            }
        }
        System.out.printf(Locale.ROOT, "40 runs x 20 evaluations, median of %d after 5 warm-ups (load average %.2f):%n",
                repetitions, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "  curves.csv + summary.json + decomposition.csv: %.0f ms%n", median(ms[0]));
        System.out.printf(Locale.ROOT, "  PNG plots (XChart):                            %.0f ms%n", median(ms[1]));
        System.out.printf(Locale.ROOT, "  report.html (read back, render, write):         %.0f ms, %d bytes%n",
                median(ms[2]), Files.size(dir.resolve(HtmlReport.FILE_NAME)));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
