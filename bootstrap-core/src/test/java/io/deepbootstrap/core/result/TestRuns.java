package io.deepbootstrap.core.result;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builders of synthetic run records for result tests (also used by bootstrap-app's report tests). */
public final class TestRuns {

    /** Batch size of every synthetic run. */
    public static final int BATCH = 10;

    private TestRuns() {
    }

    /** A real-world evaluation with test and train error, soft-error and loss. */
    public static Evaluation real(int step, double testError, double testSoft, double testLoss,
                                  double trainError, double trainSoft, double trainLoss) {
        return new Evaluation(step, (long) step * BATCH, 0.1, step * 0.01,
                metrics(testError, testSoft, testLoss), metrics(trainError, trainSoft, trainLoss));
    }

    /** An ideal-world evaluation (no train metrics). */
    public static Evaluation ideal(int step, double testError, double testSoft, double testLoss) {
        return new Evaluation(step, (long) step * BATCH, 0.1, step * 0.01,
                metrics(testError, testSoft, testLoss), Map.of());
    }

    /** An evaluation with the given extra metric added to its test (and, if non-empty, train) maps. */
    public static Evaluation withExtra(Evaluation e, String metric, double test, Double train) {
        Map<String, Double> testMap = new HashMap<>(e.test());
        testMap.put(metric, test);
        Map<String, Double> trainMap = new HashMap<>(e.train());
        if (train != null) {
            trainMap.put(metric, train);
        }
        return new Evaluation(e.step(), e.examplesSeen(), e.learningRate(), e.elapsedSeconds(), testMap, trainMap);
    }

    /** A finished real-world run with augmentation {@code none}. */
    public static RunRecord realRun(String arch, int n, long seed, int steps, Evaluation... curve) {
        return run(new RunId(arch, n, seed, "none", World.REAL), RunStatus.OK, "", steps, curve);
    }

    /** A finished ideal-world run with augmentation {@code none}. */
    public static RunRecord idealRun(String arch, long seed, int steps, Evaluation... curve) {
        return run(new RunId(arch, 0, seed, "none", World.IDEAL), RunStatus.OK, "", steps, curve);
    }

    /** Any run. */
    public static RunRecord run(RunId id, RunStatus status, String message, int steps, Evaluation... curve) {
        return new RunRecord(id, status, message, steps, BATCH, "scratch(seed=" + id.seed() + ")", List.of(curve));
    }

    private static Map<String, Double> metrics(double error, double soft, double loss) {
        return Map.of(MetricNames.ERROR, error, MetricNames.SOFT_ERROR, soft, MetricNames.LOSS, loss);
    }
}
