package io.deepbootstrap.core.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimingsCsvTest {

    @Test
    void oneRowPerRunWithTheStepCostOfTrainingAndPreparationTogether() {
        RunRecord real = ComparisonTest.realCnn().withTiming(new RunTiming(1000, 2.0, 3.0, 0.5, 4, 1.25));
        RunRecord ideal = ComparisonTest.idealCnn(); // not measured
        List<String> lines = TimingsCsv.render(List.of(real, ideal)).lines().toList();
        assertThat(lines).containsExactly(
                "run,architecture,train_size,seed,augmentation,world,steps,training_cpu_s,training_wall_s,"
                        + "preparation_cpu_s,step_cpu_ms,evaluations,evaluation_cpu_s",
                real.id().label() + ",cnn,2000,0,none,real,1000,2.0,3.0,0.5,2.5,4,1.25",
                ideal.id().label() + ",cnn,,0,none,ideal,,,,,,,");
    }

    @Test
    void stepCostPerMillisecondCountsBothThreads() {
        RunTiming t = new RunTiming(800, 1.6, 2.4, 0.4, 12, 6.0);
        assertThat(t.trainingCpuMillisPerStep()).isEqualTo(2.0);
        assertThat(t.preparationCpuMillisPerStep()).isEqualTo(0.5);
        assertThat(t.stepCpuMillis()).isEqualTo(2.5);
        assertThat(RunTiming.NONE.measured()).isFalse();
        assertThat(RunTiming.NONE.stepCpuMillis()).isZero();
    }
}
