package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import io.deepbootstrap.core.result.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one training loop both worlds run. It knows nothing of worlds: the batch source decides where
 * examples come from, and the real world additionally passes its train set S to be evaluated on.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    /**
     * What to do in a run.
     *
     * @param steps T
     * @param schedule learning rate per step
     * @param evaluationSteps sorted steps at which to evaluate
     * @param stopAtConvergence end the run at the first evaluation meeting the criterion
     * @param convergence the criterion (used only when stopping at convergence)
     */
    public record Plan(int steps, LearningRateSchedule schedule, int[] evaluationSteps, boolean stopAtConvergence,
                       ConvergenceCriterion convergence) {
    }

    /**
     * Trains a network and evaluates it along the way.
     *
     * @param id the run
     * @param network the network, freshly initialised
     * @param optimizer the optimizer over the network's parameters
     * @param batches the world's training batches
     * @param buffer the training batch buffer (capacity = B)
     * @param plan steps, schedule and evaluation steps
     * @param evaluator the evaluator
     * @param test the test set
     * @param train the train set S to evaluate on, or null (ideal world)
     * @param listener observer of the run
     * @param initialization description of the initial weights, recorded with the results
     * @return the run's record; a diverged or failed run is recorded, never thrown
     */
    public RunRecord train(RunId id, Network network, Optimizer optimizer, BatchSource batches, Batch buffer, Plan plan,
                           Evaluator evaluator, ExampleSet test, ExampleSet train, RunListener listener, String initialization) {
        List<Evaluation> curve = new ArrayList<>();
        RunStatus status = RunStatus.OK;
        String message = "";
        listener.runStarted(id, plan.steps());
        long trainNanos = 0;
        int next = 0;
        int[] evalSteps = plan.evaluationSteps();
        try {
            for (int step = 1; step <= plan.steps(); step++) {
                long t0 = System.nanoTime();
                batches.fill(buffer);
                double lr = plan.schedule().at(step);
                double loss = network.computeGradients(buffer);
                optimizer.step(lr);
                trainNanos += System.nanoTime() - t0;
                if (!Double.isFinite(loss)) {
                    status = RunStatus.DIVERGED;
                    message = "training loss became " + loss + " at step " + step;
                    break;
                }
                listener.stepCompleted(id, step, loss);
                if (next < evalSteps.length && step == evalSteps[next]) {
                    next++;
                    Map<String, Double> testMetrics = evaluator.evaluate(network, test);
                    Map<String, Double> trainMetrics = train == null ? Map.of() : evaluator.evaluate(network, train);
                    Evaluation e = new Evaluation(step, (long) step * buffer.capacity(), lr, trainNanos / 1e9,
                            testMetrics, trainMetrics);
                    curve.add(e);
                    listener.evaluated(id, e);
                    if (!allFinite(testMetrics) || !allFinite(trainMetrics)) {
                        status = RunStatus.DIVERGED;
                        message = "outputs became NaN or infinite at step " + step;
                        break;
                    }
                    if (plan.stopAtConvergence() && train != null && plan.convergence().isMet(e)) {
                        break;
                    }
                }
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            status = RunStatus.FAILED;
            message = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.error("run {} failed", id, e);
        }
        listener.runFinished(id, status, message);
        return new RunRecord(id, status, message, plan.steps(), buffer.capacity(), initialization, curve);
    }

    private static boolean allFinite(Map<String, Double> metrics) {
        return metrics.values().stream().allMatch(v -> !v.isNaN());
    }
}
