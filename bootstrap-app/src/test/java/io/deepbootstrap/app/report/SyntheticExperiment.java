package io.deepbootstrap.app.report;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import io.deepbootstrap.core.result.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Paper-like synthetic runs: the ideal world's test soft-error falls as a power law (faster for the
 * CNN), the real world follows it until it fits its train set and then plateaus.
 */
final class SyntheticExperiment {

    static final int[] STEPS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};
    static final int T = 5000;
    static final int BATCH = 64;

    private SyntheticExperiment() {
    }

    /** Real and ideal runs of mlp and cnn at N = 2000, augmentation none, for the given seeds. */
    static List<RunRecord> runs(int seeds) {
        List<RunRecord> runs = new ArrayList<>();
        for (long seed = 0; seed < seeds; seed++) {
            for (String arch : List.of("mlp", "cnn")) {
                runs.add(run(arch, seed, World.REAL, 2000));
                runs.add(run(arch, seed, World.IDEAL, 0));
            }
        }
        return runs;
    }

    static RunRecord run(String arch, long seed, World world, int n) {
        Random random = new Random(seed * 31 + arch.hashCode() + world.ordinal());
        boolean cnn = arch.equals("cnn");
        double tau = cnn ? 150 : 600;
        double floor = cnn ? 0.10 : 0.16;
        double tFit = cnn ? 1200 : 700;
        List<Evaluation> curve = new ArrayList<>();
        for (int step : STEPS) {
            double noise = 1 + 0.04 * random.nextGaussian();
            double idealSoft = floor + (0.9 - floor) / (1 + Math.pow(step / tau, 0.8));
            Map<String, Double> train = Map.of();
            double testSoft = idealSoft;
            if (world == World.REAL) {
                double fitted = floor + (0.9 - floor) / (1 + Math.pow(Math.min(step, tFit) / tau, 0.8));
                testSoft = fitted + 0.01 * Math.log10(step + 1);
                double trainSoft = 0.9 / (1 + Math.pow(step / (tFit / 8), 1.6));
                double trainError = 0.8 * trainSoft * noise;
                train = Map.of("error", trainError, "soft-error", trainSoft * noise, "loss", 3 * trainSoft);
            }
            testSoft *= noise;
            Map<String, Double> test = Map.of("error", 0.75 * testSoft, "soft-error", testSoft,
                    "loss", 2.5 * testSoft);
            curve.add(new Evaluation(step, (long) step * BATCH, 0.1, step * 0.002, test, train));
        }
        return new RunRecord(new RunId(arch, n, seed, "none", world), RunStatus.OK, "", T, BATCH,
                "scratch(seed=" + seed + ")", curve);
    }
}
