package io.deepbootstrap.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.core.result.AggregateKey;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.ExperimentResults;
import io.deepbootstrap.core.result.RunRecord;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotFilesTest {

    @TempDir
    Path dir;

    @Test
    void rendersOnePngPerMetricAndTrainSizeWithCurvesInTheArchitectureColours() throws IOException {
        ExperimentResults results = ExperimentResults.of(SyntheticExperiment.runs(3), ConvergenceCriterion.DEFAULT);

        List<Path> files = PlotFiles.write(dir, results);

        assertThat(files).containsExactly(dir.resolve("plot-soft-error-n2000.png"),
                dir.resolve("plot-error-n2000.png"));
        for (Path file : files) {
            BufferedImage image = ImageIO.read(file.toFile());
            assertThat(image).as(file.toString()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(ComparisonChart.WIDTH);
            assertThat(image.getHeight()).isEqualTo(ComparisonChart.HEIGHT);
            assertThat(fractionNotWhite(image)).as("ink in " + file).isBetween(0.02, 0.6);
            ArchitectureColors colors = new ArchitectureColors(List.of("mlp", "cnn"));
            assertThat(pixelsOf(image, colors.of("mlp"))).as("mlp curve pixels").isGreaterThan(300);
            assertThat(pixelsOf(image, colors.of("cnn"))).as("cnn curve pixels").isGreaterThan(300);
        }
        try (var listing = Files.list(dir)) {
            assertThat(listing.count()).as("no temporary files left").isEqualTo(2);
        }
    }

    @Test
    void oneFilePerTrainSizeAndAugmentation() throws IOException {
        List<RunRecord> runs = new ArrayList<>(SyntheticExperiment.runs(1));
        RunRecord small = SyntheticExperiment.run("cnn", 0, World.REAL, 500);
        runs.add(new RunRecord(new RunId("cnn", 500, 0, "crop+flip", World.REAL), small.status(), "",
                small.steps(), small.batchSize(), small.initialization(), small.curve()));

        List<Path> files = PlotFiles.write(dir, ExperimentResults.of(runs, ConvergenceCriterion.DEFAULT));

        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(
                "plot-soft-error-n2000.png", "plot-error-n2000.png",
                "plot-soft-error-n500-crop_flip.png", "plot-error-n500-crop_flip.png");
    }

    @Test
    void skipsChartsWithNothingToDrawAndDrawsSinglePoints() throws IOException {
        RunRecord empty = new RunRecord(new RunId("mlp", 100, 0, "none", World.REAL),
                io.deepbootstrap.api.run.RunStatus.FAILED, "out of memory", 10, 8, "scratch", List.of());
        RunRecord onePoint = io.deepbootstrap.core.result.TestRuns.realRun("cnn", 200, 0, 10,
                io.deepbootstrap.core.result.TestRuns.real(10, 0.5, 0.5, 1, 0.5, 0.5, 1));

        List<Path> files = PlotFiles.write(dir,
                ExperimentResults.of(List.of(empty, onePoint), ConvergenceCriterion.DEFAULT));

        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("plot-soft-error-n200.png", "plot-error-n200.png");
        assertThat(ImageIO.read(files.get(0).toFile()).getWidth()).isEqualTo(ComparisonChart.WIDTH);
    }

    @Test
    void fileNames() {
        assertThat(PlotFiles.fileName("soft-error", new AggregateKey("cnn", 2000, "none")))
                .isEqualTo("plot-soft-error-n2000.png");
        assertThat(PlotFiles.fileName("error", new AggregateKey("cnn", 50000, "crop/flip")))
                .isEqualTo("plot-error-n50000-crop_flip.png");
    }

    private static double fractionNotWhite(BufferedImage image) {
        long ink = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    ink++;
                }
            }
        }
        return ink / (double) (image.getWidth() * image.getHeight());
    }

    private static long pixelsOf(BufferedImage image, Color color) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                if (Math.abs(c.getRed() - color.getRed()) + Math.abs(c.getGreen() - color.getGreen())
                        + Math.abs(c.getBlue() - color.getBlue()) < 30) {
                    count++;
                }
            }
        }
        return count;
    }
}
