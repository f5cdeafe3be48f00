package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.checkpoint.RunPersistence;
import io.deepbootstrap.core.engine.RandomStreams;
import io.deepbootstrap.core.engine.RandomStreams.Purpose;
import io.deepbootstrap.core.settings.Architecture;
import io.deepbootstrap.core.settings.ExperimentSettings;
import io.deepbootstrap.core.settings.PretrainingSection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The initial weights of each cell of the grid (an architecture and a seed): from scratch, loaded from
 * {@code pretraining.init-from}, or pretrained — computed once, on first use, and shared by both worlds
 * and every N of the cell, so that they start from the same weights.
 */
final class CellWeights {
    private final ExperimentSettings settings;
    private final ExperimentData data;
    private final RunFactory runs;
    private final Map<String, InitialWeights> byCell = new ConcurrentHashMap<>();

    /**
     * @param settings the experiment
     * @param data its data sources (the pretraining data among them)
     * @param runs builds and trains pretraining runs
     */
    CellWeights(ExperimentSettings settings, ExperimentData data, RunFactory runs) {
        this.settings = settings;
        this.data = data;
        this.runs = runs;
    }

    /**
     * @param a the architecture
     * @param seed the seed
     * @param listener observer of a pretraining run, if one is needed
     * @return the cell's initial weights
     */
    InitialWeights of(Architecture a, long seed, RunListener listener) {
        return of(a, seed, listener, RunPersistence.none());
    }

    /**
     * @param a the architecture
     * @param seed the seed
     * @param listener observer of a pretraining run, if one is needed
     * @param persistence a pretraining run's checkpoints and record: pretrained weights saved by an earlier
     *     process are loaded instead of pretraining again
     * @return the cell's initial weights
     */
    InitialWeights of(Architecture a, long seed, RunListener listener, RunPersistence persistence) {
        String key = a.label() + "/" + seed;
        InitialWeights known = byCell.get(key);
        if (known != null) {
            return known;
        }
        synchronized (byCell) { // pretraining runs once per cell even when runs train concurrently
            return byCell.computeIfAbsent(key, k -> {
                PretrainingSection p = settings.pretraining();
                if (p.initFrom() != null) {
                    return InitialWeights.load(p.initFrom());
                }
                if (p.steps() > 0) {
                    return new Pretrainer(data.pretraining(), p.data().type(), settings, runs).pretrain(a, seed, listener, persistence);
                }
                return InitialWeights.scratch(RandomStreams.seed(seed, Purpose.WEIGHTS));
            });
        }
    }

    /**
     * Forgets the initial weights of every cell of a seed (computed again, the same, if asked for later): called
     * once the last run of the seed has finished.
     *
     * @param seed the seed
     */
    void release(long seed) {
        String suffix = "/" + seed;
        byCell.keySet().removeIf(k -> k.endsWith(suffix));
    }
}
