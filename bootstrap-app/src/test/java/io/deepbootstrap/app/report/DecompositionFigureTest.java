package io.deepbootstrap.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.ExperimentResults;
import io.deepbootstrap.core.result.RunRecord;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecompositionFigureTest {

    @TempDir
    Path dir;

    @Test
    void barsAndScatterSideBySideForTwoChoices() throws IOException {
        ExperimentResults results = ExperimentResults.of(SyntheticExperiment.runs(3), ConvergenceCriterion.DEFAULT);

        Path file = DecompositionFigure.write(dir, results).orElseThrow();

        assertThat(file).isEqualTo(dir.resolve("decomposition.png"));
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(2 * DecompositionFigure.PANEL_WIDTH);
        assertThat(image.getHeight()).isEqualTo(DecompositionFigure.HEIGHT);
        // the synthetic real world plateaus above the ideal one: ideal bars and positive gap segments, left
        assertThat(pixels(image, DecompositionFigure.IDEAL, 0, DecompositionFigure.PANEL_WIDTH))
                .as("ideal bar pixels").isGreaterThan(2000);
        assertThat(pixels(image, DecompositionFigure.GAP, 0, DecompositionFigure.PANEL_WIDTH))
                .as("gap bar pixels").isGreaterThan(200);
        // one marker colour per choice in the right panel (the palette's first two colours)
        ArchitectureColors colors = new ArchitectureColors(List.of("mlp", "cnn"));
        int right = DecompositionFigure.PANEL_WIDTH;
        assertThat(pixels(image, colors.of("mlp"), right, 2 * right)).as("mlp markers").isGreaterThan(30);
        assertThat(pixels(image, colors.of("cnn"), right, 2 * right)).as("cnn markers").isGreaterThan(30);
        try (var listing = Files.list(dir)) {
            assertThat(listing.count()).as("no temporary file left").isEqualTo(1);
        }
    }

    @Test
    void noFigureForASingleChoice() throws IOException {
        List<RunRecord> cnnOnly = SyntheticExperiment.runs(2).stream()
                .filter(r -> r.id().architecture().equals("cnn")).toList();

        assertThat(DecompositionFigure.write(dir, ExperimentResults.of(cnnOnly, ConvergenceCriterion.DEFAULT)))
                .isEmpty();
        assertThat(dir.resolve("decomposition.png")).doesNotExist();
    }

    private static int pixels(BufferedImage image, Color color, int fromX, int toX) {
        int count = 0;
        for (int x = fromX; x < toX; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xffffff) == (color.getRGB() & 0xffffff)) {
                    count++;
                }
            }
        }
        return count;
    }
}
