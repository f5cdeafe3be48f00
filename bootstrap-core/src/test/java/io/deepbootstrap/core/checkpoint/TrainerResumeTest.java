package io.deepbootstrap.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.augment.Augmentation;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.engine.BatchSource;
import io.deepbootstrap.core.engine.EpochBatchSource;
import io.deepbootstrap.core.engine.EvaluationSteps;
import io.deepbootstrap.core.engine.Evaluator;
import io.deepbootstrap.core.engine.ExampleSet;
import io.deepbootstrap.core.engine.FreshGeneratorBatchSource;
import io.deepbootstrap.core.engine.LearningRateSchedule;
import io.deepbootstrap.core.engine.MaterializedExampleSet;
import io.deepbootstrap.core.engine.NamedMetric;
import io.deepbootstrap.core.engine.PrefetchingBatchSource;
import io.deepbootstrap.core.engine.RandomStreams;
import io.deepbootstrap.core.engine.RandomStreams.Purpose;
import io.deepbootstrap.core.engine.Trainer;
import io.deepbootstrap.core.engine.TrainingBatchSource;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.core.metric.BuiltInMetrics;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.testing.BlobGenerator;
import io.deepbootstrap.core.testing.SoftmaxWithRunningMean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run stopped after step k and resumed from its checkpoint file in fresh objects ends with exactly the curve
 * and the weights of the uninterrupted run: momentum, batch-norm-like buffers, epoch order, augmentation
 * stream and the batches the prefetch thread had prepared ahead all continue bit for bit.
 */
class TrainerResumeTest {
    private static final int STEPS = 60;
    private final BlobGenerator blobs = new BlobGenerator(4, 3, 1.5);
    private final ExampleSet train = MaterializedExampleSet.draw(blobs, 45, RandomStreams.stream(1, Purpose.TRAIN_SAMPLE), 0);
    private final ExampleSet test = MaterializedExampleSet.draw(blobs, 100, RandomStreams.stream(1, Purpose.TEST), 1000);

    @TempDir
    Path dir;

    /** Jitters features with the augmentation stream (a varying number of draws per batch). */
    private static final Augmentation JITTER = (batch, random) -> {
        for (int i = 0; i < batch.size() * batch.shape().size(); i++) {
            if (random.nextInt(4) == 0) {
                batch.features()[i] += (float) random.nextGaussian() * 0.2f;
            }
        }
    };

    /** One run's objects, built fresh as a new process would. */
    private final class Run {
        final Network network = new SoftmaxWithRunningMean(4, 3, 5);
        final Optimizer optimizer = Optimizers.create(OptimizerSpec.sgd(0.9), network.parameters());
        final BatchSource pipeline;
        final RunId id;

        Run(World world) {
            id = new RunId("softmax", world == World.REAL ? 45 : 0, 0, "jitter", world);
            BatchSource source = world == World.REAL ? new EpochBatchSource(train, RandomStreams.stream(0, Purpose.ORDER))
                    : new FreshGeneratorBatchSource(blobs, RandomStreams.stream(0, Purpose.FRESH));
            pipeline = new TrainingBatchSource(source, List.of(JITTER), RandomStreams.stream(0, Purpose.AUGMENTATION));
        }

        RunRecord train(RunCheckpoints checkpoints, BatchSource batches) {
            Evaluator evaluator = new Evaluator(List.of(
                    new NamedMetric("error", new BuiltInMetrics.ErrorFactory().create(null, () -> 3)),
                    new NamedMetric("loss", new BuiltInMetrics.LossFactory().create(null, () -> 3))),
                    new Batch(blobs.inputShape(), 3, 64));
            Trainer.Plan plan = new Trainer.Plan(STEPS, LearningRateSchedule.cosine(0.3, STEPS),
                    EvaluationSteps.logSpaced(STEPS, 8), false, ConvergenceCriterion.DEFAULT);
            return new Trainer().train(id, network, optimizer, batches, new Batch(blobs.inputShape(), 3, 10), plan, evaluator,
                    test, id.world() == World.REAL ? train : null, new RunListener() { }, "scratch", checkpoints);
        }

        PrefetchingBatchSource prefetched() {
            return new PrefetchingBatchSource(pipeline, new Batch(blobs.inputShape(), 3, 10), 3, "test-" + id.label());
        }

        RunCheckpointer checkpointer(Path file, BooleanSupplier stop, BatchSource batches, StateTree resumed) {
            return new RunCheckpointer(file, id, "config-1", Duration.ZERO, stop, network, optimizer, batches, resumed);
        }
    }

    /** Stops after {@code stopAfter} steps (the trainer asks once per step). */
    private static BooleanSupplier stopAfter(int stopAfter) {
        int[] asked = {0};
        return () -> ++asked[0] >= stopAfter;
    }

    private static void assertSameRun(RunRecord resumed, RunRecord whole) {
        assertThat(resumed.status()).isEqualTo(whole.status());
        assertThat(resumed.curve()).extracting(Evaluation::step).isEqualTo(whole.curve().stream().map(Evaluation::step).toList());
        assertThat(resumed.curve()).extracting(Evaluation::test).isEqualTo(whole.curve().stream().map(Evaluation::test).toList());
        assertThat(resumed.curve()).extracting(Evaluation::train).isEqualTo(whole.curve().stream().map(Evaluation::train).toList());
        assertThat(resumed.curve()).extracting(Evaluation::learningRate)
                .isEqualTo(whole.curve().stream().map(Evaluation::learningRate).toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 5, 13, 23, 59})
    void aRealWorldRunStoppedAfterAnyStepResumesBitForBit(int k) {
        resumesBitForBit(World.REAL, k);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 17, 41})
    void anIdealWorldRunStoppedAfterAnyStepResumesBitForBit(int k) {
        resumesBitForBit(World.IDEAL, k);
    }

    private void resumesBitForBit(World world, int k) {
        Run whole = new Run(world);
        RunRecord expected;
        float[] expectedWeights;
        try (PrefetchingBatchSource batches = whole.prefetched()) {
            expected = whole.train(RunCheckpoints.NONE, batches);
            expectedWeights = whole.network.parameters().values().toFloatVector();
        }

        Path file = dir.resolve(world.id() + "-" + k + ".ckpt");
        Run first = new Run(world);
        try (PrefetchingBatchSource batches = first.prefetched()) {
            RunCheckpointer checkpointer = first.checkpointer(file, stopAfter(k), batches, null);
            assertThatThrownBy(() -> first.train(checkpointer, batches)).isInstanceOf(RunStopped.class)
                    .hasMessage(first.id.label() + " stopped after step " + k + ", checkpoint written");
        }

        Run second = new Run(world);
        StateTree saved = RunCheckpointer.read(file, second.id, "config-1").orElseThrow();
        assertThat(RunCheckpointer.step(saved)).isEqualTo(k);
        RunCheckpointer.restore(saved, second.network, second.optimizer, second.pipeline);
        try (PrefetchingBatchSource batches = second.prefetched()) {
            RunRecord resumed = second.train(second.checkpointer(file, () -> false, batches, saved), batches);
            assertSameRun(resumed, expected);
            assertThat(second.network.parameters().values().toFloatVector()).isEqualTo(expectedWeights);
            assertThat(second.network.buffers().get("running-mean").toDoubleVector())
                    .isEqualTo(whole.network.buffers().get("running-mean").toDoubleVector());
            assertThat(second.optimizer.steps()).isEqualTo(STEPS);
        }
    }

    @Test
    void aCheckpointIsSavedAtEveryEvaluationButTheLast() {
        Run run = new Run(World.IDEAL);
        int[] saves = {0};
        RunCheckpoints counting = new RunCheckpoints() {
            @Override
            public java.util.Optional<StateTree> resumeFrom() {
                return java.util.Optional.empty();
            }

            @Override
            public boolean due(int step, boolean evaluated) {
                return evaluated;
            }

            @Override
            public boolean save(int step, java.util.function.Consumer<StateTree> trainerState) {
                StateTree t = new StateTree();
                trainerState.accept(t);
                assertThat(t.getInt("step")).isEqualTo(step);
                assertThat(CurveState.read(t.getSection("curve"))).last().extracting(Evaluation::step).isEqualTo(step);
                saves[0]++;
                return true;
            }

            @Override
            public boolean stopRequested() {
                return false;
            }
        };
        RunRecord record = run.train(counting, run.pipeline);
        assertThat(saves[0]).isEqualTo(record.curve().size() - 1);
    }

    @Test
    void aCheckpointOfAnotherRunOrConfigurationOrACorruptOneIsNotResumed() throws Exception {
        Run run = new Run(World.REAL);
        Path file = dir.resolve("run.ckpt");
        try (PrefetchingBatchSource batches = run.prefetched()) {
            RunCheckpointer checkpointer = run.checkpointer(file, stopAfter(3), batches, null);
            assertThatThrownBy(() -> run.train(checkpointer, batches)).isInstanceOf(RunStopped.class);
        }
        assertThat(RunCheckpointer.read(file, run.id, "config-1")).isPresent();
        assertThat(RunCheckpointer.read(file, run.id, "config-2")).isEmpty();
        assertThat(RunCheckpointer.read(file, new RunId("softmax", 46, 0, "jitter", World.REAL), "config-1")).isEmpty();
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        java.nio.file.Files.write(file, bytes);
        assertThat(RunCheckpointer.read(file, run.id, "config-1")).isEmpty();
        assertThat(RunCheckpointer.read(dir.resolve("none.ckpt"), run.id, "config-1")).isEmpty();
    }
}
