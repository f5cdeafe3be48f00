package io.deepbootstrap.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.engine.LearningRateSchedule;
import io.deepbootstrap.core.testing.Harness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSectionTest {
    @TempDir
    Path dir;

    @Test
    void warmupRampsLinearlyToTheOptimizersRate() throws Exception {
        LearningRateSchedule s = Harness.settings(dir,
                "training { steps = 100, optimizer.learning-rate = 0.8, schedule { type = constant, warmup-steps = 4 } }")
                .training().schedule();
        assertThat(s.at(1)).isCloseTo(0.2, within(1e-12));
        assertThat(s.at(4)).isCloseTo(0.8, within(1e-12));
        assertThat(s.at(5)).isEqualTo(0.8);
    }

    @Test
    void stepScheduleUsesMilestonesAndGamma() throws Exception {
        LearningRateSchedule s = Harness.settings(dir,
                "training { steps = 100, optimizer.learning-rate = 1, schedule { type = step, milestones = [0.5], gamma = 0.5 } }")
                .training().schedule();
        assertThat(s.at(50)).isEqualTo(1.0);
        assertThat(s.at(51)).isEqualTo(0.5);
    }

    @Test
    void cosineDecaysOverT() throws Exception {
        LearningRateSchedule s = Harness.settings(dir,
                "training { steps = 10, optimizer.learning-rate = 0.4, schedule { type = cosine } }").training().schedule();
        assertThat(s.at(1)).isEqualTo(0.4);
        assertThat(s.at(6)).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void unknownScheduleTypeNamesTheKeyAndLine() {
        assertThatThrownBy(() -> Harness.settings(dir, "training.schedule.type = linear"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:6: training.schedule.type: expected constant, cosine or step, found 'linear'");
    }

    @Test
    void warmupMustEndBeforeT() {
        assertThatThrownBy(() -> Harness.settings(dir, "training.schedule.warmup-steps = 200"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:6: training.schedule.warmup-steps: expected 0 <= warmup-steps < T = 200, found 200");
    }

    @Test
    void optimizerBlockBecomesItsSpec() throws Exception {
        Path file = dir.resolve("adam.conf");
        java.nio.file.Files.writeString(file, """
                data.type = blobs
                architectures = [ softmax ]
                training.optimizer { type = adam, learning-rate = 0.001, beta1 = 0.8, weight-decay = 0.01 }
                """);
        OptimizerSection o = Harness.settings(file, java.util.Map.of()).training().optimizer();
        assertThat(o.learningRate()).isEqualTo(0.001);
        assertThat(o.spec()).isEqualTo(new OptimizerSpec(OptimizerSpec.Type.ADAM, 0, false, 0.01, 0.8, 0.999, 1e-8));
    }

    private String problems(String extra) {
        try {
            Harness.settings(dir, extra);
        } catch (ConfigError e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + extra);
    }

    @Test
    void adamKeysAreUnknownForSgdAndTheMessageListsTheSgdKeys() {
        assertThat(problems("training.optimizer {\n  type = sgd\n  beta1 = 0.8\n}"))
                .contains("experiment.conf:8: training.optimizer.beta1: unknown key for optimizer type sgd; "
                        + "expected one of: learning-rate, momentum, nesterov, type, weight-decay");
    }

    @Test
    void sgdKeysAreUnknownForAdam() {
        assertThat(problems("training.optimizer {\n  type = adam\n  momentum = 0.9\n}"))
                .contains("experiment.conf:8: training.optimizer.momentum: unknown key for optimizer type adam; "
                        + "expected one of: beta1, beta2, epsilon, learning-rate, type, weight-decay");
    }

    @Test
    void misspelledOptimizerAndScheduleKeysAreErrorsNotSilentlyIgnored() {
        String message = problems("""
                training.optimizer { learning_rate = 0.1, lr = 0.1, warmup = 10, beta3 = 0.5 }
                training.schedule { warmup = 10 }
                """);
        assertThat(message).contains("5 configuration problems")
                .contains("experiment.conf:6: training.optimizer.learning_rate: unknown key for optimizer type sgd")
                .contains("experiment.conf:6: training.optimizer.lr: unknown key")
                .contains("experiment.conf:6: training.optimizer.warmup: unknown key")
                .contains("experiment.conf:6: training.optimizer.beta3: unknown key")
                .contains("experiment.conf:7: training.schedule.warmup: unknown key for schedule type constant; "
                        + "expected one of: type, warmup-steps");
    }

    @Test
    void milestonesBelongToTheStepScheduleOnly() {
        assertThat(problems("training.schedule { type = cosine, milestones = [0.5] }"))
                .contains("experiment.conf:6: training.schedule.milestones: unknown key for schedule type cosine; "
                        + "expected one of: type, warmup-steps");
        LearningRateSchedule step = settingsOf("training.schedule { type = step, milestones = [0.5], gamma = 0.5 }");
        assertThat(step.at(200)).isEqualTo(0.25); // base 0.5 halved after step 100 of 200
    }

    @Test
    void integerKeysRefuseFractions() {
        assertThat(problems("training.steps = 50.7"))
                .contains("experiment.conf:6: training.steps: expected an integer, found 50.7");
        assertThat(problems("data.train-sizes = [40, 80.5]"))
                .contains("experiment.conf:6: data.train-sizes[1]: expected an integer, found 80.5");
        assertThat(problems("experiment.seed = \"1.5\""))
                .contains("experiment.conf:6: experiment.seed: expected an integer, found \"1.5\"");
    }

    @Test
    void infiniteNumbersAreRefused() {
        assertThat(problems("training.optimizer.learning-rate = Infinity"))
                .contains("experiment.conf:6: training.optimizer.learning-rate: expected a number (like the default 0.05), "
                        + "found a string \"Infinity\"");
        assertThat(problems("training.optimizer.learning-rate = 1e400"))
                .contains("experiment.conf:6: training.optimizer.learning-rate: expected a finite number, found Infinity");
        assertThat(problems("training.label-noise = 1e400"))
                .contains("experiment.conf:6: training.label-noise: expected a finite number");
        assertThat(problems("training.optimizer.weight-decay = \"1e999\""))
                .contains("experiment.conf:6: training.optimizer.weight-decay: expected a finite number, found \"1e999\"");
    }

    private LearningRateSchedule settingsOf(String extra) {
        try {
            return Harness.settings(dir, extra).training().schedule();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
