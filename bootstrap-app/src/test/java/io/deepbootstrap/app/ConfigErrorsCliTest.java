package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.testsupport.FashionMnistData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every configuration mistake of issue 9 through the real command line: exit code 2 before any training, a
 * one-line message with the key and the user's file:line (or "default of ..."), no stack trace.
 */
class ConfigErrorsCliTest {
    @TempDir
    Path dir;

    private Path conf(String text) throws Exception {
        Path file = dir.resolve("exp.conf");
        Files.writeString(file, "experiment.output-dir = \"" + dir.resolve("results") + "\"\n" + text);
        return file;
    }

    /** Runs a command and checks it failed as a configuration error: exit 2, "error: ..." and no stack trace. */
    private String refused(String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("error: ").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(dir.resolve("results")).as("nothing written before the error").doesNotExist();
        return r.err();
    }

    @Test
    @FashionMnistData
    void theDocumentedCacheDirWorksInEveryCommandThatReadsAConfiguration() throws Exception {
        Path file = conf("experiment.cache-dir = ${HOME}\"/.cache/deep-bootstrap\"\n");
        CliRunner.Result validate = CliRunner.run("validate", file.toString());
        assertThat(validate.exitCode()).as(validate.err()).isZero();
        // run reaches the data check with the same configuration (a pool too small, so it stops before training)
        assertThat(refused("run", file.toString(), "-Ddata.type=fashion-mnist", "-Dtraining.steps=100000"))
                .contains("the ideal world needs T*B");
        CliRunner.Result generate = CliRunner.run("generate", file.toString(), "--count", "3", "--part-size", "3",
                "--out", dir.resolve("gen").toString());
        assertThat(generate.exitCode()).as(generate.err()).isZero();
    }

    @Test
    void optimizerAndScheduleKeysAreCheckedPerType() throws Exception {
        String err = refused("validate", conf("""
                training.optimizer {
                  type = sgd
                  beta1 = 0.5
                  learning_rate = 0.1
                }
                training.schedule { type = cosine, milestones = [0.5] }
                """).toString());
        Path file = dir.resolve("exp.conf");
        assertThat(err).contains(file + ":4: training.optimizer.beta1: unknown key for optimizer type sgd; "
                        + "expected one of: learning-rate, momentum, nesterov, type, weight-decay")
                .contains(file + ":5: training.optimizer.learning_rate: unknown key for optimizer type sgd")
                .contains(file + ":7: training.schedule.milestones: unknown key for schedule type cosine; "
                        + "expected one of: type, warmup-steps");
        assertThat(refused("validate", conf("training.optimizer { type = adam, momentum = 0.9 }\n").toString()))
                .contains(file + ":2: training.optimizer.momentum: unknown key for optimizer type adam; "
                        + "expected one of: beta1, beta2, epsilon, learning-rate, type, weight-decay");
    }

    @Test
    void labelsThatCollideAreFoundByValidate() throws Exception {
        String err = refused("validate", conf("""
                architectures = [
                  { type = mlp, name = x }
                  { type = mlp, name = x }
                  { type = mlp, name = x-2 }
                ]
                """).toString());
        assertThat(err).contains(dir.resolve("exp.conf") + ":5: architectures[2]: its label 'x-2' is already the label of architectures[1]");
    }

    @Test
    void architecturesWrittenAsAnObjectIsAConfigurationError() throws Exception {
        assertThat(refused("run", conf("architectures = { type = mlp }\n").toString()))
                .contains(dir.resolve("exp.conf") + ":2: architectures: expected a list [ ... ] of architecture blocks");
    }

    @Test
    void integersMustBeIntegersAndNumbersFinite() throws Exception {
        Path file = dir.resolve("exp.conf");
        assertThat(refused("run", conf("training.steps = 50.7\n").toString()))
                .contains(file + ":2: training.steps: expected an integer, found 50.7");
        assertThat(refused("run", conf("training.optimizer.learning-rate = Infinity\n").toString()))
                .contains(file + ":2: training.optimizer.learning-rate: expected a number");
        assertThat(refused("run", conf("training.optimizer.learning-rate = 1e400\n").toString()))
                .contains(file + ":2: training.optimizer.learning-rate: expected a finite number");
    }

    @Test
    void anEmptyOrCommentsOnlyFileIsAnError() throws Exception {
        Path file = dir.resolve("empty.conf");
        Files.writeString(file, "# nothing but a comment\n\n");
        assertThat(refused("run", file.toString())).contains(file + ": the configuration file is empty");
        Files.writeString(file, "");
        assertThat(refused("validate", file.toString())).contains(file + ": the configuration file is empty");
    }

    @Test
    void augmentationAlternativesWithTheSameLabelAreNamedTogether() throws Exception {
        assertThat(refused("validate", conf("training.augmentations = [ [ { type = cutout } ], [ { type = cutout, size = 4 } ] ]\n")
                .toString())).contains(dir.resolve("exp.conf") + ":2: training.augmentations: alternatives [0] and [1] are both "
                        + "labelled 'cutout'");
    }

    @Test
    void errorsInsideComponentBlocksPointAtTheUsersLine() throws Exception {
        Path file = dir.resolve("exp.conf");
        // vit reports the patch size at the value's line in the user's file, not at the jar's reference.conf
        String err = refused("validate", conf("architectures = [\n  { type = vit, patch-size = 5 }\n]\n").toString());
        assertThat(err).contains(file + ":3: architectures[0].patch-size: expected a patch size that divides the image size 16x16")
                .doesNotContain("reference.conf");
        assertThat(refused("validate", conf("architectures = [\n  { type = mlp, hidden = \"wide\" }\n]\n").toString()))
                .contains(file + ":3: architectures[0].hidden: expected a list [ ... ] (like the default [512,512]), found a string \"wide\"");
    }

    @Test
    void anUnknownDataKeyListsEveryKeyAllowedThere() throws Exception {
        assertThat(refused("validate", conf("data {\n  type = fashion-mnist\n  dirr = /tmp\n}\n").toString()))
                .contains(dir.resolve("exp.conf") + ":4: data.dirr: unknown key; expected one of: class-subset, dir, test-size, train-sizes, type");
    }

    @Test
    @FashionMnistData
    void poolSizeErrorsNameTheLinesOfTheKeysInvolved() throws Exception {
        Path file = dir.resolve("exp.conf");
        String err = refused("validate", conf("data.type = fashion-mnist\ntraining.steps = 100000\n").toString());
        assertThat(err).contains(file + ":2: data: the ideal world needs T*B = 100,000*64 = 6,400,000 fresh examples")
                .contains("lower training.steps (at " + file + ":3) or training.batch-size (default of bootstrap-core)");
    }

    @Test
    void missingIncludeDirectoryAndMissingFileSayWhatIsWrongWithWhichPath() throws Exception {
        Path file = conf("include required(\"parts/optimizer.conf\")\n");
        assertThat(refused("validate", file.toString()))
                .contains(file + ": include required(\"parts/optimizer.conf\"): not found: " + dir.resolve("parts/optimizer.conf"));
        assertThat(refused("validate", dir.toString())).contains(dir + ": is a directory; expected a HOCON experiment file");
        assertThat(refused("validate", dir.resolve("nope.conf").toString()))
                .contains(dir.resolve("nope.conf") + ": configuration file not found");
    }

    @Test
    void anOutputPathUnderARegularFileIsRefusedBeforeTrainingByRunAndValidate() throws Exception {
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "a file");
        for (String command : new String[] {"validate", "run"}) {
            assertThat(refused(command, "-Dexperiment.output-dir=" + plain.resolve("sub"), "-Dtraining.steps=5"))
                    .contains("command line -Dexperiment.output-dir: experiment.output-dir: results go to "
                            + plain.resolve("sub/default") + ", but " + plain + " is a file, not a folder");
        }
    }

    @Test
    void anUnwritableOutputFolderIsRefusedBeforeTrainingByRunAndValidate() {
        // /proc refuses new entries for everyone, root included (permission bits would not stop root)
        for (String command : new String[] {"validate", "run"}) {
            assertThat(refused(command, "-Dexperiment.output-dir=/proc/deep-bootstrap", "-Dtraining.steps=5"))
                    .contains("experiment.output-dir: results go to /proc/deep-bootstrap/default, but /proc is not writable");
        }
    }

    /** An unknown key, one per block: each is refused with the key and the line of the user's file. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "experiment.no-such-key = 1|experiment.no-such-key: unknown key",
        "training.no-such-key = 1|training.no-such-key: unknown key",
        "evaluation.no-such-key = 1|evaluation.no-such-key: unknown key",
        "pretraining.no-such-key = 1|pretraining.no-such-key: unknown key",
        "execution.no-such-key = 1|execution.no-such-key: unknown key",
        "no-such-section = 1|no-such-section",
        "architectures = [ { type = mlp, widht = 3 } ]|architectures[0].widht: unknown key",
        "training.augmentations = [ { type = cutout, sizee = 3 } ]|training.augmentations[0].sizee: unknown key",
        "pretraining { steps = 10, data = { type = synthetic-images, noize = 1 } }|pretraining.data.noize: unknown key",
        "evaluation.test-data = { type = synthetic-images, noize = 1 }|evaluation.test-data.noize: unknown key",
        "data = { type = fitted, source = { type = synthetic-images }, model = { type = pca-gmm, pca-dim = 3 } }|data.model.pca-dim: unknown key",
        "data = { type = fitted, source = { type = synthetic-images, noize = 1 } }|data.source.noize: unknown key",
        "experiment.listeners = [ { type = mlflow, tracking-url = \"http://x\" } ]|experiment.listeners[0].tracking-url: unknown key",
    })
    void unknownKeysAreErrorsInEveryBlock(String line, String message) throws Exception {
        assertThat(refused("validate", conf(line + "\n").toString())).contains(dir.resolve("exp.conf") + ":2: " + message);
    }

    /** Integers where an integer belongs and finite numbers, in every section and component block. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "data.test-size = 100.5|data.test-size: expected an integer",
        "data.train-sizes = [100.5]|data.train-sizes",
        "training.batch-size = 64.5|training.batch-size: expected an integer",
        "evaluation.points = 3.5|evaluation.points: expected an integer",
        "experiment.seeds = 1.5|experiment.seeds: expected an integer",
        "architectures = [ { type = mlp, hidden = [16.5] } ]|architectures[0].hidden",
        "training.augmentations = [ { type = cutout, size = 3.5 } ]|training.augmentations[0].size",
        "data { type = synthetic-images, image-size = 16.5 }|data.image-size",
        "training.label-noise = Infinity|training.label-noise",
        "training.optimizer.weight-decay = 1e400|training.optimizer.weight-decay: expected a finite number",
        "training.augmentations = [ { type = gaussian-noise, std = 1e999 } ]|training.augmentations[0].std",
        "data { type = gaussian-mixture, separation = 1e400 }|data.separation",
    })
    void integersAreIntegersAndNumbersFiniteEverywhere(String line, String message) throws Exception {
        assertThat(refused("validate", conf(line + "\n").toString())).contains(dir.resolve("exp.conf") + ":2: " + message);
    }
}
