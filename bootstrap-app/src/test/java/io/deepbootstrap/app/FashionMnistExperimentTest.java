package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.testsupport.FashionMnistData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short real experiment on Fashion-MNIST (from Debian's dataset-fashion-mnist), run through the command
 * line as a user would: both worlds must learn, and the results must hold T_stop and the gaps.
 */
class FashionMnistExperimentTest {
    @TempDir
    Path dir;

    @Test
    @FashionMnistData
    void bothWorldsLearnAndTheResultsHoldTStopAndGaps() throws Exception {
        Path conf = dir.resolve("fm.conf");
        Files.writeString(conf, """
                experiment { name = fm, output-dir = "%s" }
                data { type = fashion-mnist, train-sizes = [500], test-size = 2000 }
                training { steps = 300, batch-size = 32, optimizer { learning-rate = 0.05, momentum = 0.9 } }
                evaluation { points = 8 }
                architectures = [ { type = mlp, hidden = [128] } ]
                """.formatted(dir.toString().replace("\\", "/")));
        CliRunner.Result r = CliRunner.run("run", conf.toString(), "--no-progress");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("test err real").contains("T_stop").contains("mlp");

        Path out = dir.resolve("fm");
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        JsonNode c = summary.get("comparisons").get(0);
        assertThat(c.get("status").asText()).isEqualTo("ok");
        assertThat(c.get("at_t").get("step").asInt()).isEqualTo(300);
        double realErr = c.get("at_t").get("real").get("test").get("error").asDouble();
        double idealErr = c.get("at_t").get("ideal").get("test").get("error").asDouble();
        assertThat(realErr).as("real world test error (chance 0.9)").isLessThan(0.35);
        assertThat(idealErr).as("ideal world test error (chance 0.9)").isLessThan(0.35);
        assertThat(c.get("max_abs_gap").get("soft_error").asDouble()).isBetween(0.0, 0.2);
        assertThat(c.get("mean_abs_gap").get("soft_error").asDouble())
                .isLessThanOrEqualTo(c.get("max_abs_gap").get("soft_error").asDouble());
        // 500 examples seen ~19 times: the MLP fits them (train error < 1%) by the last step
        assertThat(c.get("converged").asBoolean()).isTrue();
        assertThat(c.get("t_stop").asInt()).isBetween(1, 300);
        JsonNode atTStop = c.get("at_t_stop");
        assertThat(atTStop.get("step").asInt()).isEqualTo(c.get("t_stop").asInt());
        assertThat(c.get("gap_at_t_stop").get("soft_error").asDouble()).isEqualTo(
                atTStop.get("real").get("test").get("soft_error").asDouble()
                        - atTStop.get("ideal").get("test").get("soft_error").asDouble());

        List<String> csv = Files.readAllLines(out.resolve("curves.csv"));
        assertThat(csv.get(0)).startsWith("run,architecture,train_size,seed,augmentation,world,step,examples_seen,"
                + "test_error,test_soft_error,test_loss,train_error,train_soft_error,train_loss,learning_rate,elapsed_s");
        // the 8 log-spaced steps in both worlds, and T_stop (216 here, between the grid's 133 and 300) in both
        int tStop = c.get("t_stop").asInt();
        boolean onGrid = java.util.Arrays.stream(io.deepbootstrap.core.engine.EvaluationSteps.logSpaced(300, 8)).anyMatch(s -> s == tStop);
        assertThat(csv).hasSize(1 + 2 * 8 + (onGrid ? 0 : 2));
        assertThat(csv).filteredOn(line -> line.contains(",none,real," + tStop + ",") || line.contains(",none,ideal," + tStop + ","))
                .hasSize(2);

        Config saved = ConfigFactory.parseFile(out.resolve("config.conf").toFile());
        assertThat(saved.getInt("training.steps")).isEqualTo(300);
        assertThat(saved.getString("data.dir")).isEqualTo("/usr/share/datasets/fashion-mnist");

        BufferedImage plot = ImageIO.read(out.resolve("plot-soft-error-n500.png").toFile());
        assertThat(plot.getWidth()).isGreaterThan(500);
        assertThat(out.resolve("plot-error-n500.png")).exists();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
