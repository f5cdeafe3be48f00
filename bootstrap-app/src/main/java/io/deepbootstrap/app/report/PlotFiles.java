package io.deepbootstrap.app.report;

import io.deepbootstrap.core.result.AggregateKey;
import io.deepbootstrap.core.result.AtomicFiles;
import io.deepbootstrap.core.result.ExperimentResults;
import io.deepbootstrap.core.result.MetricNames;
import io.deepbootstrap.core.result.SeedAggregate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;

/**
 * Renders the experiment's real-vs-ideal plots as PNG files, each written atomically: for every
 * (train size, augmentation) one {@link ComparisonChart} of test soft-error and one of test error,
 * named e.g. {@code plot-soft-error-n2000.png} or {@code plot-error-n2000-flip.png}. Rendering is
 * headless: {@code java.awt.headless} is set to {@code true} unless already set.
 */
public final class PlotFiles {

    /** The metrics plotted, one file each per train size and augmentation. */
    public static final List<String> METRICS = List.of(MetricNames.SOFT_ERROR, MetricNames.ERROR);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private PlotFiles() {
    }

    /**
     * @param experimentDir the directory to write into, created if missing
     * @param results the experiment's results
     * @return the files written, in order
     * @throws IOException if a file cannot be written
     */
    public static List<Path> write(Path experimentDir, ExperimentResults results) throws IOException {
        ArchitectureColors colors = new ArchitectureColors(
                results.aggregates().stream().map(a -> a.key().architecture()).distinct().toList());
        List<Path> written = new ArrayList<>();
        for (List<SeedAggregate> group : groups(results.aggregates())) {
            for (String metric : METRICS) {
                Optional<XYChart> chart = ComparisonChart.build(metric, group, colors);
                if (chart.isPresent()) {
                    Path file = experimentDir.resolve(fileName(metric, group.get(0).key()));
                    AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart.get(), out, BitmapFormat.PNG));
                    written.add(file);
                }
            }
        }
        return written;
    }

    /**
     * @param metric the plotted metric
     * @param key the train size and augmentation (the architecture is ignored)
     * @return e.g. {@code plot-soft-error-n2000.png}, with {@code -<augmentation>} before the extension
     *     unless the augmentation is {@code none}; characters unsafe in file names become {@code _}
     */
    public static String fileName(String metric, AggregateKey key) {
        String augmentation = "none".equals(key.augmentation()) ? "" : "-" + key.augmentation();
        return ("plot-" + metric + "-n" + key.trainSize() + augmentation).replaceAll("[^A-Za-z0-9._-]", "_")
                + ".png";
    }

    private static List<List<SeedAggregate>> groups(List<SeedAggregate> aggregates) {
        Map<String, List<SeedAggregate>> groups = new LinkedHashMap<>();
        for (SeedAggregate aggregate : aggregates) {
            groups.computeIfAbsent(aggregate.key().trainSize() + "\u0000" + aggregate.key().augmentation(),
                    k -> new ArrayList<>()).add(aggregate);
        }
        return List.copyOf(groups.values());
    }
}
