package io.deepbootstrap.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.metric.BuiltInMetrics;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.testing.BlobGenerator;
import io.deepbootstrap.core.testing.SoftmaxRegression;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private final BlobGenerator blobs = new BlobGenerator(4, 3, 2);
    private final ExampleSet train = MaterializedExampleSet.draw(blobs, 50, new SplittableRandom(1), 0);
    private final ExampleSet test = MaterializedExampleSet.draw(blobs, 200, new SplittableRandom(2), 1000);

    private RunRecord run(World world, BatchSource source, ExampleSet evaluateOn) {
        Evaluator evaluator = new Evaluator(List.of(
                new NamedMetric("error", new BuiltInMetrics.ErrorFactory().create(null, () -> 3)),
                new NamedMetric("loss", new BuiltInMetrics.LossFactory().create(null, () -> 3))),
                new Batch(blobs.inputShape(), 3, 64));
        Trainer.Plan plan = new Trainer.Plan(120, LearningRateSchedule.cosine(0.5, 120),
                EvaluationSteps.logSpaced(120, 6), false, ConvergenceCriterion.DEFAULT);
        BatchSource pipeline = new TrainingBatchSource(source, List.of(), new SplittableRandom(3));
        SoftmaxRegression net = new SoftmaxRegression(4, 3, 11);
        return new Trainer().train(new RunId("softmax", world == World.REAL ? 50 : 0, 0, "none", world),
                net, Optimizers.create(OptimizerSpec.sgd(0), net.parameters()), pipeline,
                new Batch(blobs.inputShape(), 3, 10), plan, evaluator,
                test, evaluateOn, new RunListener() { }, "scratch");
    }

    @Test
    void anIdealWorldStreamReplayingTheRealOrderGivesTheIdenticalCurve() {
        RunRecord real = run(World.REAL, new EpochBatchSource(train, new SplittableRandom(42)), train);
        // The "ideal" world's source here replays exactly the real world's examples and order.
        RunRecord replay = run(World.IDEAL, new EpochBatchSource(train, new SplittableRandom(42)), null);
        assertThat(replay.curve()).extracting(Evaluation::test)
                .isEqualTo(real.curve().stream().map(Evaluation::test).toList());
        assertThat(replay.curve()).extracting(Evaluation::learningRate)
                .isEqualTo(real.curve().stream().map(Evaluation::learningRate).toList());
        // and a genuinely fresh stream gives a different curve
        RunRecord ideal = run(World.IDEAL, new FreshGeneratorBatchSource(blobs, new SplittableRandom(42)), null);
        assertThat(ideal.curve()).extracting(Evaluation::test)
                .isNotEqualTo(real.curve().stream().map(Evaluation::test).toList());
    }

    @Test
    void listenerSeesEveryStepAndEvaluation() {
        int[] counts = new int[3];
        Evaluator evaluator = new Evaluator(List.of(
                new NamedMetric("error", new BuiltInMetrics.ErrorFactory().create(null, () -> 3))),
                new Batch(blobs.inputShape(), 3, 64));
        SoftmaxRegression net = new SoftmaxRegression(4, 3, 1);
        new Trainer().train(new RunId("softmax", 0, 0, "none", World.IDEAL), net,
                Optimizers.create(OptimizerSpec.sgd(0), net.parameters()),
                new TrainingBatchSource(new FreshGeneratorBatchSource(blobs, new SplittableRandom(1)), List.of(), new SplittableRandom(2)),
                new Batch(blobs.inputShape(), 3, 8),
                new Trainer.Plan(30, step -> 0.1, new int[] {1, 10, 30}, false, ConvergenceCriterion.DEFAULT),
                evaluator, test, null, new RunListener() {
                    @Override
                    public void stepCompleted(RunId run, int step, double loss) {
                        counts[0]++;
                    }

                    @Override
                    public void evaluated(RunId run, Evaluation e) {
                        counts[1]++;
                    }

                    @Override
                    public void runFinished(RunId run, io.deepbootstrap.api.run.RunStatus s, String m) {
                        counts[2]++;
                    }
                }, "scratch");
        assertThat(counts).containsExactly(30, 3, 1);
    }
}
