package io.deepbootstrap.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.testing.Harness;
import io.deepbootstrap.core.testing.TestComponents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridAndInitializationTest {
    @TempDir
    Path dir;

    @Test
    void augmentationAlternativesSizesArchitecturesAndSeedsFormTheGrid() throws Exception {
        ExperimentSettings s = Harness.settings(dir, """
                experiment.seeds = 2
                data.train-sizes = [40, 80]
                training.augmentations = [ [], [ { type = record-random } ] ]
                architectures = [ { type = softmax }, { type = softmax, name = other } ]
                """);
        try (ExperimentRunner.Prepared p = new ExperimentRunner(Harness.REGISTRY).prepare(s)) {
            List<String> runs = p.plannedRuns().stream().map(r -> r.label()).toList();
            // 2 seeds x 2 architectures x 2 augmentation settings x (1 ideal + 2 real)
            assertThat(runs).hasSize(24).doesNotHaveDuplicates();
            assertThat(runs.subList(0, 6)).containsExactly("softmax-s0-ideal", "softmax-n40-s0-real", "softmax-n80-s0-real",
                    "softmax-record-random-s0-ideal", "softmax-record-random-n40-s0-real", "softmax-record-random-n80-s0-real");
            assertThat(runs).contains("other-record-random-n80-s1-real");
        }
    }

    @Test
    void bothWorldsDrawTheSameAugmentationStream() throws Exception {
        TestComponents.RECORDED.clear();
        String config = """
                data.train-sizes = [40]
                training { steps = 25, augmentations = [ { type = record-random } ] }
                """;
        List<RunRecord> runs = Harness.run(Harness.settings(dir, config + "training.pair-worlds = false"));
        assertThat(runs).extracting(r -> r.id().world()).containsExactly(World.IDEAL, World.REAL);
        List<Long> drawn = List.copyOf(TestComponents.RECORDED);
        assertThat(drawn).hasSize(50);
        assertThat(drawn.subList(0, 25)).isEqualTo(drawn.subList(25, 50)).doesNotHaveDuplicates();

        // trained together (training.pair-worlds), in turns: the real world's steps 1..16, the ideal world's, then 17..25
        TestComponents.RECORDED.clear();
        Harness.run(Harness.settings(dir, config + "training.pair-worlds = true"));
        List<Long> paired = List.copyOf(TestComponents.RECORDED);
        int turn = WorldPairing.STEPS_PER_TURN;
        assertThat(paired).hasSize(50);
        assertThat(paired.subList(0, turn)).isEqualTo(drawn.subList(0, turn)).isEqualTo(paired.subList(turn, 2 * turn));
        assertThat(paired.subList(2 * turn, 25 + turn)).isEqualTo(drawn.subList(turn, 25)).isEqualTo(paired.subList(25 + turn, 50));
    }

    @Test
    void pretrainedWeightsAreIdenticalAtStepZeroInBothWorlds() throws Exception {
        List<RunRecord> runs = Harness.run(Harness.settings(dir, """
                data.train-sizes = [40, 80]
                pretraining { steps = 50, data = { type = blobs, separation = 1.5 } }
                """));
        assertThat(runs).extracting(RunRecord::status).containsOnly(RunStatus.OK);
        String init = runs.get(0).initialization();
        assertThat(init).startsWith("pretrained(source=blobs, 50 steps, held-out error")
                .contains("1 of 2 parameter arrays and 0 of 0 buffers transferred, head [b] re-initialised");
        assertThat(runs).extracting(RunRecord::initialization).containsOnly(init);
        assertThat(dir.resolve("out/test/pretrained/softmax-s0.net")).exists();

        String scratch = Harness.run(Harness.settings(dir, "data.train-sizes = [40]")).get(0).initialization();
        assertThat(parameters(scratch)).isNotEqualTo(parameters(init));
    }

    @Test
    void buffersTravelWithPretrainedWeights() throws Exception {
        List<RunRecord> runs = Harness.run(Harness.settings(dir, """
                data.train-sizes = [40]
                architectures = [ { type = softmax-bn } ]
                pretraining { steps = 30, data = { type = blobs, separation = 1.5 } }
                """));
        assertThat(runs).extracting(RunRecord::status).containsOnly(RunStatus.OK);
        assertThat(runs.get(0).initialization())
                .contains("1 of 2 parameter arrays and 1 of 1 buffers transferred, head [b] re-initialised");
        io.deepbootstrap.core.state.NetworkState saved =
                io.deepbootstrap.core.state.NetworkState.read(dir.resolve("out/test/pretrained/softmax-bn-s0.net"));
        assertThat(saved.buffers().get("running-mean").amaxNumber().doubleValue()).as("trained running mean").isPositive();
    }

    @Test
    void initFromLoadsASavedNetworkInBothWorlds() throws Exception {
        Harness.run(Harness.settings(dir, "pretraining { steps = 30, data = { type = blobs } }"));
        Path saved = dir.resolve("out/test/pretrained/softmax-s0.net");
        Files.copy(saved, dir.resolve("start.net"));
        List<RunRecord> runs = Harness.run(Harness.settings(dir, "pretraining.init-from = start.net\ndata.train-sizes = [40]"));
        assertThat(runs.get(0).initialization()).startsWith("init-from(" + dir.resolve("start.net"));
        assertThat(runs).extracting(RunRecord::initialization).containsOnly(runs.get(0).initialization());
    }

    @Test
    void missingInitFromFileIsAConfigError() throws Exception {
        try {
            Harness.settings(dir, "pretraining.init-from = nowhere.net");
        } catch (ConfigError e) {
            assertThat(e.getMessage()).contains("pretraining.init-from: file not found").contains("nowhere.net");
            return;
        }
        throw new AssertionError("no error");
    }

    @Test
    void stopAtConvergenceEndsTheRealWorldAtTStopButNotTheIdealWorld() throws Exception {
        List<RunRecord> runs = Harness.run(Harness.settings(dir, """
                data { train-sizes = [10], classes = 2, separation = 4 }
                training { steps = 400, stop-at-convergence = true }
                evaluation { points = 30 }
                """));
        RunRecord ideal = runs.get(0);
        RunRecord real = runs.get(1);
        assertThat(ideal.curve().get(ideal.curve().size() - 1).step()).isEqualTo(400);
        Evaluation last = real.curve().get(real.curve().size() - 1);
        assertThat(last.step()).isLessThan(400);
        assertThat(last.train().get("error")).isLessThan(0.01);
        assertThat(real.curve().subList(0, real.curve().size() - 1)).allMatch(e -> e.train().get("error") >= 0.01);
    }

    @Test
    void labelNoiseAppliesToTrainAndTestSets() throws Exception {
        io.deepbootstrap.core.testing.ArrayPool pool = new io.deepbootstrap.core.testing.ArrayPool(20_000, 3, null);
        DataSplit clean = DataSplit.create(pool, "p", 0, 5000, 5000);
        DataSplit noisy = DataSplit.create(pool, "p", 0, 5000, 5000).withLabelNoise(0.5);
        float[] x = new float[2];
        int changedTest = 0;
        int changedTrain = 0;
        for (int i = 0; i < 5000; i++) {
            changedTest += clean.test().read(i, x, 0) != noisy.test().read(i, x, 0) ? 1 : 0;
            changedTrain += clean.train(5000).read(i, x, 0) != noisy.train(5000).read(i, x, 0) ? 1 : 0;
        }
        // p = 0.5: half of the labels move to another class (binomial std 0.007)
        assertThat(changedTest / 5000.0).isBetween(0.47, 0.53);
        assertThat(changedTrain / 5000.0).isBetween(0.47, 0.53);
    }

    @Test
    void parallelRunsGiveTheSameRecordsInTheSameOrder() throws Exception {
        List<RunRecord> serial = Harness.run(Harness.settings(dir, "experiment.seeds = 2"));
        List<RunRecord> parallel = Harness.run(Harness.settings(dir, "experiment { seeds = 2, parallelism = 3 }"));
        assertThat(parallel).extracting(RunRecord::id).isEqualTo(serial.stream().map(RunRecord::id).toList());
        for (int i = 0; i < serial.size(); i++) {
            assertThat(parallel.get(i).curve().stream().map(Evaluation::test).toList())
                    .isEqualTo(serial.get(i).curve().stream().map(Evaluation::test).toList());
        }
    }

    @Test
    void testSetCanComeFromAnotherDistribution() throws Exception {
        RunRecord own = Harness.run(Harness.settings(dir, "data.train-sizes = [40]")).get(0);
        RunRecord shifted = Harness.run(Harness.settings(dir,
                "data.train-sizes = [40]\nevaluation.test-data = { type = blobs, separation = -3 }")).get(0);
        double ownError = own.curve().get(own.curve().size() - 1).test().get("error");
        double shiftedError = shifted.curve().get(shifted.curve().size() - 1).test().get("error");
        assertThat(ownError).isLessThan(0.25);
        assertThat(shiftedError).isGreaterThan(0.6); // the class means moved to the opposite side
    }

    @Test
    void testDataOfAnotherShapeIsRefused() throws Exception {
        ExperimentSettings s = Harness.settings(dir, "evaluation.test-data = { type = blobs, dimension = 7 }");
        try (var p = new ExperimentRunner(Harness.REGISTRY).prepare(s)) {
            throw new AssertionError("prepared");
        } catch (ConfigError e) {
            assertThat(e.getMessage()).isEqualTo("evaluation.test-data (blobs): 1x1x7 with 3 classes differs from the data's 1x1x4 with 3 classes");
        }
    }

    private static String parameters(String initialization) {
        return initialization.substring(initialization.indexOf("parameters="));
    }
}
