package io.deepbootstrap.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.checkpoint.RunCheckpointer;
import io.deepbootstrap.core.checkpoint.RunCheckpoints;
import io.deepbootstrap.core.checkpoint.RunStopped;
import io.deepbootstrap.core.checkpoint.StateTree;
import io.deepbootstrap.core.engine.optim.Optimizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.ValueSource;
import io.deepbootstrap.core.engine.RandomStreams.Purpose;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.core.metric.BuiltInMetrics;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.ConvergenceCriterion.Kind;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.testing.BlobGenerator;
import io.deepbootstrap.core.testing.SoftmaxWithRunningMean;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * T_stop located between evaluation steps against a brute-force evaluation of S at every step: the located
 * step is at most {@code max(4, 3%)} after the exact one, the evaluation at T_stop holds the same test and train
 * metrics as the brute-force run at that step, and locating changes nothing in the trajectory. Batches are all of
 * S (full-batch descent), so that the train metrics fall without flickering around the threshold: the bisection
 * assumes that the criterion, once met, stays met until the next evaluation of S.
 */
class StopStepSearchTest {
    private static final int STEPS = 400;
    private final BlobGenerator blobs = new BlobGenerator(4, 3, 3);
    private final ExampleSet train = MaterializedExampleSet.draw(blobs, 60, RandomStreams.stream(3, Purpose.TRAIN_SAMPLE), 0);
    private final ExampleSet test = MaterializedExampleSet.draw(blobs, 300, RandomStreams.stream(3, Purpose.TEST), 1000);

    private RunRecord run(int[] evaluationSteps, ConvergenceCriterion criterion, boolean stop) {
        return new Run().train(evaluationSteps, criterion, stop, RunCheckpoints.NONE);
    }

    /** One run's objects, built fresh as a new process would. */
    private final class Run {
        final RunId id = new RunId("softmax", 60, 3, "none", World.REAL);
        final Network net = new SoftmaxWithRunningMean(4, 3, 7);
        final Optimizer optimizer = Optimizers.create(OptimizerSpec.sgd(0), net.parameters());
        final BatchSource batches = new TrainingBatchSource(new EpochBatchSource(train, RandomStreams.stream(3, Purpose.ORDER)),
                List.of(), RandomStreams.stream(3, Purpose.AUGMENTATION));

        RunRecord train(int[] evaluationSteps, ConvergenceCriterion criterion, boolean stop, RunCheckpoints checkpoints) {
            Evaluator evaluator = new Evaluator(List.of(
                    new NamedMetric("error", new BuiltInMetrics.ErrorFactory().create(null, () -> 3)),
                    new NamedMetric("loss", new BuiltInMetrics.LossFactory().create(null, () -> 3))),
                    new Batch(blobs.inputShape(), 3, 64));
            Trainer.Plan plan = new Trainer.Plan(STEPS, LearningRateSchedule.cosine(0.2, STEPS), evaluationSteps, stop, criterion);
            return new Trainer().train(id, net, optimizer, batches, new Batch(blobs.inputShape(), 3, 60), plan,
                    evaluator, test, train, new RunListener() { }, "scratch", checkpoints);
        }

        RunCheckpointer checkpointer(Path file, BooleanSupplier stop, StateTree resumed) {
            return new RunCheckpointer(file, id, "config-1", Duration.ZERO, stop, net, optimizer, batches, resumed);
        }
    }

    @ParameterizedTest(name = "stopped after step {0}")
    @ValueSource(ints = {3, 30, 97, 120, 260})
    void aRunStoppedWhileLocatingTStopResumesToTheSameCurve(int k, @TempDir Path dir) {
        ConvergenceCriterion criterion = new ConvergenceCriterion(Kind.TRAIN_LOSS, 0.13);
        int[] grid = {1, STEPS}; // snapshots pile up and are probed: the search's state is in every checkpoint
        Run wholeRun = new Run();
        RunRecord whole = wholeRun.train(grid, criterion, false, RunCheckpoints.NONE);
        Path file = dir.resolve("run.ckpt");
        Run first = new Run();
        int[] asked = {0};
        assertThatThrownBy(() -> first.train(grid, criterion, false, first.checkpointer(file, () -> ++asked[0] >= k, null)))
                .isInstanceOf(RunStopped.class);
        Run second = new Run();
        StateTree saved = RunCheckpointer.read(file, second.id, "config-1").orElseThrow();
        RunCheckpointer.restore(saved, second.net, second.optimizer, second.batches);
        RunRecord resumed = second.train(grid, criterion, false, second.checkpointer(file, () -> false, saved));
        assertThat(criterion.stopStep(resumed.curve())).isEqualTo(criterion.stopStep(whole.curve())).isPresent();
        assertThat(resumed.curve()).extracting(Evaluation::step).isEqualTo(whole.curve().stream().map(Evaluation::step).toList());
        assertThat(resumed.curve()).extracting(Evaluation::test).isEqualTo(whole.curve().stream().map(Evaluation::test).toList());
        assertThat(resumed.curve()).extracting(Evaluation::train).isEqualTo(whole.curve().stream().map(Evaluation::train).toList());
        assertThat(second.net.parameters().values().toFloatVector()).isEqualTo(wholeRun.net.parameters().values().toFloatVector());
    }

    private static Map<Integer, Evaluation> byStep(RunRecord r) {
        return r.curve().stream().collect(java.util.stream.Collectors.toMap(Evaluation::step, e -> e));
    }

    @ParameterizedTest(name = "{0} < {1}, {2} log-spaced points")
    @CsvSource({"train-loss, 0.2, 12", "train-loss, 0.2, 1", "train-loss, 0.13, 8", "train-loss, 0.13, 1"})
    void locatesTStopWithinToleranceOfTheBruteForceStep(String kind, double threshold, int points) {
        ConvergenceCriterion criterion = new ConvergenceCriterion(Kind.fromId(kind), threshold);
        RunRecord brute = run(IntStream.rangeClosed(1, STEPS).toArray(), criterion, false);
        int exact = criterion.stopStep(brute.curve()).orElseThrow();
        assertThat(exact).as("a crossing inside the run").isBetween(20, STEPS - 40);

        int[] grid = EvaluationSteps.logSpaced(STEPS, points);
        RunRecord located = run(grid, criterion, false);
        int tStop = criterion.stopStep(located.curve()).orElseThrow();
        assertThat(tStop).isGreaterThanOrEqualTo(exact).isLessThan(exact + StopStepSearch.spacing(exact));

        Map<Integer, Evaluation> everyStep = byStep(brute);
        Evaluation atStop = byStep(located).get(tStop);
        assertThat(atStop.test()).isEqualTo(everyStep.get(tStop).test());
        assertThat(atStop.train()).isEqualTo(everyStep.get(tStop).train());
        assertThat(atStop.learningRate()).isEqualTo(everyStep.get(tStop).learningRate());
        for (Evaluation e : located.curve()) { // snapshots swapped in and out leave the trajectory as it was
            assertThat(e.test()).as("step %d", e.step()).isEqualTo(everyStep.get(e.step()).test());
        }
        assertThat(located.curve()).extracting(Evaluation::step).isSorted().doesNotHaveDuplicates();
        assertThat(located.curve().size()).isLessThanOrEqualTo(grid.length + 1);
    }

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({"train-error, 0.06", "train-loss, 0.12"})
    void stoppingAtConvergenceEndsTheRunOnceTStopIsLocated(String kind, double threshold) {
        ConvergenceCriterion criterion = new ConvergenceCriterion(Kind.fromId(kind), threshold);
        RunRecord whole = run(EvaluationSteps.logSpaced(STEPS, 8), criterion, false);
        RunRecord stopped = run(EvaluationSteps.logSpaced(STEPS, 8), criterion, true);
        int tStop = criterion.stopStep(whole.curve()).orElseThrow();
        assertThat(criterion.stopStep(stopped.curve())).hasValue(tStop);
        int last = stopped.curve().get(stopped.curve().size() - 1).step();
        List<Evaluation> wholeUpToLast = whole.curve().stream().filter(e -> e.step() <= last).toList();
        assertThat(stopped.curve()).extracting(Evaluation::step).isEqualTo(wholeUpToLast.stream().map(Evaluation::step).toList());
        assertThat(stopped.curve()).extracting(Evaluation::test).isEqualTo(wholeUpToLast.stream().map(Evaluation::test).toList());
        assertThat(last).isGreaterThanOrEqualTo(tStop).isLessThan(STEPS);
    }

    @org.junit.jupiter.api.Test
    void spacingIsFourStepsOrThreePercent() {
        assertThat(StopStepSearch.spacing(0)).isEqualTo(4);
        assertThat(StopStepSearch.spacing(133)).isEqualTo(4);
        assertThat(StopStepSearch.spacing(134)).isEqualTo(4);
        assertThat(StopStepSearch.spacing(1000)).isEqualTo(30);
    }
}
