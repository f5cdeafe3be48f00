package io.deepbootstrap.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.state.NetworkState;
import io.deepbootstrap.core.testing.Harness;
import io.deepbootstrap.core.testing.SoftmaxWithRunningMean;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a pretrained network hands to both worlds: its parameters and its batch-norm running statistics. */
class PretrainingTransferTest {
    @TempDir
    Path dir;

    @Test
    void runningStatisticsAtTheEndOfPretrainingAreBothWorldsInitialState() throws Exception {
        SoftmaxWithRunningMean.INITIAL.clear();
        List<RunRecord> runs = Harness.run(Harness.settings(dir, """
                data.train-sizes = [40]
                architectures = [ { type = softmax-bn } ]
                pretraining { steps = 30, data = { type = blobs, separation = 1.5 } }
                """));
        assertThat(runs).extracting(RunRecord::status).containsOnly(RunStatus.OK);
        double[] pretrained = NetworkState.read(dir.resolve("out/test/pretrained/softmax-bn-s0.net")).buffers()
                .get("running-mean").toDoubleVector();
        assertThat(pretrained).as("running mean after 30 pretraining steps").isNotEqualTo(new double[4]);

        // in training order: the process warm-up's throwaway network, the pretraining, the real and the ideal world
        List<double[]> initial = List.copyOf(SoftmaxWithRunningMean.INITIAL);
        assertThat(initial).hasSize(4);
        assertThat(initial.get(0)).as("the warm-up's throwaway network starts from zero statistics").isEqualTo(new double[4]);
        assertThat(initial.get(1)).as("the pretraining network starts from zero statistics").isEqualTo(new double[4]);
        List<double[]> worlds = initial.subList(2, initial.size());
        assertThat(worlds).as("real and ideal world").allSatisfy(start -> assertThat(start).isEqualTo(pretrained));
    }

    @Test
    void pretrainingOnOtherClassesOfTheSameSourceTransfersToTheTargetClasses() throws Exception {
        List<RunRecord> runs = Harness.run(Harness.settings(dir, """
                data { classes = 4, class-subset = [0, 1], train-sizes = [40] }
                architectures = [ { type = softmax-bn } ]
                pretraining { steps = 30, data = { type = blobs, classes = 4, class-subset = [2, 3] } }
                """));
        assertThat(runs).extracting(RunRecord::status).containsOnly(RunStatus.OK);
        assertThat(runs).extracting(RunRecord::initialization).allSatisfy(init -> assertThat(init)
                .startsWith("pretrained(source=blobs, 30 steps")
                .contains("1 of 2 parameter arrays and 1 of 1 buffers transferred, head [b] re-initialised"));
    }
}
