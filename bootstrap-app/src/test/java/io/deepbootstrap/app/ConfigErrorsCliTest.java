package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.testsupport.FashionMnistData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    }

    @Test
    void errorsInsideComponentBlocksPointAtTheUsersLine() throws Exception {
        Path file = dir.resolve("exp.conf");
        // vit reports the patch size at the value's line in the user's file, not at the jar's reference.conf
        String err = refused("validate", conf("architectures = [\n  { type = vit, patch-size = 5 }\n]\n").toString());
        assertThat(err).contains(file + ":3: patch-size: expected a patch size that divides the image size 16x16")
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
}
