package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.experiment.ComponentFailure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    @TempDir
    Path dir;

    @Test
    void listShowsEveryBuiltInWithParametersAndDefaults() {
        CliRunner.Result r = CliRunner.run("list");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("architectures:", "data-sources:", "augmentations:", "metrics:", "run-listeners:",
                        "generative-models:")
                .contains("mlp", "cnn", "fashion-mnist", "synthetic-images", "soft-error", "pca-gmm")
                .contains("pca-dims = 50")
                .contains("hidden = [512,512]")
                .contains("dir = \"/usr/share/datasets/fashion-mnist\"");
    }

    @Test
    void configErrorExitsWithTwoAndNamesKeyAndLine() throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "experiment.name = x\ntraining {\n  optimiser { type = sgd }\n}\n");
        CliRunner.Result r = CliRunner.run("validate", conf.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad.conf:3: training.optimiser: unknown key; expected one of:").contains("optimizer");
    }

    @Test
    void unknownArchitectureListsTheKnownOnes() throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "architectures = [ { type = transformer-xl } ]\n");
        CliRunner.Result r = CliRunner.run("run", conf.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad.conf:1: architectures[0].type: unknown architecture type 'transformer-xl'; known:")
                .contains("cnn").contains("mlp").contains("plugin");
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRunner.Result r = CliRunner.run("frobnicate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("frobnicate");
    }

    @Test
    void validateDefaultExperimentPlansMlpAndCnnInBothWorlds() {
        CliRunner.Result r = CliRunner.run("validate");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("OK: default").contains("mlp-s0-ideal", "mlp-n2000-s0-real", "cnn-s0-ideal", "cnn-n2000-s0-real");
    }

    @Test
    void idealWorldLargerThanThePoolIsRefusedBeforeTraining() {
        CliRunner.Result r = CliRunner.run("run", "-Ddata.type=fashion-mnist", "-Dtraining.steps=100000", "-Dtraining.batch-size=64",
                "-Dexperiment.output-dir=" + dir);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("the ideal world needs T*B = 100,000*64 = 6,400,000 fresh examples")
                .contains("pool 'fashion-mnist' has only 58,000 left");
        assertThat(dir.resolve("default")).doesNotExist();
    }

    @Test
    void anUnexpectedFailureOfAComponentIsShownWithTypeAndStackTraceAConfigErrorInOneLine() {
        StringWriter err = new StringWriter();
        NullPointerException npe = new NullPointerException("Cannot invoke \"Object.hashCode()\" because \"missing\" is null");
        int code = Main.report(new ComponentFailure("evaluation.metrics[3] (ece): a.B of plugin 'ece' failed in create() with an "
                + "unexpected java.lang.NullPointerException", npe), new PrintWriter(err, true));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: evaluation.metrics[3] (ece): a.B of plugin 'ece' failed in create()")
                .contains("java.lang.NullPointerException: Cannot invoke \"Object.hashCode()\"")
                .contains("\tat io.deepbootstrap.app.CommandLineTest.");
        StringWriter one = new StringWriter();
        assertThat(Main.report(new ConfigError("x.conf:1: a: bad"), new PrintWriter(one, true))).isEqualTo(2);
        assertThat(one.toString()).isEqualTo("error: x.conf:1: a: bad" + System.lineSeparator());
    }
}
