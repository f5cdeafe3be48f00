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
        OptimizerSection o = Harness.settings(dir,
                "training.optimizer { type = adam, learning-rate = 0.001, beta1 = 0.8, weight-decay = 0.01 }").training().optimizer();
        assertThat(o.learningRate()).isEqualTo(0.001);
        assertThat(o.spec()).isEqualTo(new OptimizerSpec(OptimizerSpec.Type.ADAM, 0, false, 0.01, 0.8, 0.999, 1e-8));
    }
}
