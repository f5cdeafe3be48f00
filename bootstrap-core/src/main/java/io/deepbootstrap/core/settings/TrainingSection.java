package io.deepbootstrap.core.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.deepbootstrap.core.engine.LearningRateSchedule;
import java.util.List;
import java.util.Set;

/**
 * The {@code training} section (bootstrap-core's reference.conf, same key order): what both worlds share.
 *
 * @param steps {@code steps}: T
 * @param batchSize {@code batch-size}: B
 * @param optimizer {@code optimizer}: the optimizer and its base learning rate
 * @param schedule {@code schedule}: the learning rate at each step (the optimizer's rate, scaled)
 * @param augmentationSets {@code augmentations}: the alternative pipelines the grid sweeps over (one, possibly empty)
 * @param labelNoise {@code label-noise}: fraction of labels replaced at random
 * @param stopAtConvergence {@code stop-at-convergence}: end real-world runs at T_stop
 * @param prefetch {@code prefetch}: batches prepared ahead on a background thread (0 = off)
 * @param threads {@code threads}: native threads per run (0 = all cores), unless an architecture sets its own
 * @param processWarmUpSteps {@code process-warm-up-steps}: training steps of a throwaway network of each architecture
 *     before the first run of the process (at most {@code ExperimentRunner}'s one second each; 0 = off)
 * @param pairWorlds {@code pair-worlds}: train a cell's last real-world run and its ideal-world run together in one
 *     slot, step by step in turn (same results; both worlds see the machine at the same time)
 */
public record TrainingSection(int steps, int batchSize, OptimizerSection optimizer, LearningRateSchedule schedule,
                              List<AugmentationSet> augmentationSets, double labelNoise, boolean stopAtConvergence,
                              int prefetch, int threads, int processWarmUpSteps, boolean pairWorlds) {

    /** The section's component lists, validated against each component's own defaults. */
    static final Set<String> COMPONENT_LISTS = Set.of("augmentations");

    /** @param r the reader @return the section, or null if it has problems (recorded in r) */
    static TrainingSection parse(SettingsReader r) {
        int before = r.problemCount();
        Integer steps = r.positive("training.steps");
        Integer batchSize = r.positive("training.batch-size");
        OptimizerSection optimizer = OptimizerSection.parse(r);
        LearningRateSchedule schedule = null;
        if (steps != null) {
            ScheduleSection s = ScheduleSection.parse(r, steps);
            if (s != null && optimizer != null) {
                schedule = s.schedule(optimizer.learningRate(), steps);
            }
        }
        List<AugmentationSet> augmentationSets = AugmentationSet.parseAll(r);
        Double labelNoise = r.number("training.label-noise");
        if (labelNoise != null && !(labelNoise >= 0 && labelNoise <= 1)) {
            r.problem("training.label-noise", "expected a fraction in [0, 1], found " + labelNoise);
        }
        Boolean stopAtConvergence = r.bool("training.stop-at-convergence");
        Integer prefetch = r.nonNegative("training.prefetch", "");
        Integer threads = r.nonNegative("training.threads", " (0 = all cores)");
        Integer warmUp = r.nonNegative("training.process-warm-up-steps", " (0 = off)");
        Boolean pairWorlds = r.bool("training.pair-worlds");
        if (r.problemCount() > before) {
            return null;
        }
        return new TrainingSection(steps, batchSize, optimizer, schedule, augmentationSets, labelNoise, stopAtConvergence,
                prefetch, threads, warmUp, pairWorlds);
    }

    /** @param c the effective configuration so far @return it with the augmentation blocks written out in full */
    Config writeInto(Config c) {
        List<Object> sets = augmentationSets.stream().map(a -> ComponentBlocks.blocks(a.augmentations()).unwrapped()).toList();
        return c.withValue("training.augmentations", sets.size() == 1 ? ConfigValueFactory.fromAnyRef(sets.get(0))
                : ConfigValueFactory.fromIterable(sets));
    }
}
