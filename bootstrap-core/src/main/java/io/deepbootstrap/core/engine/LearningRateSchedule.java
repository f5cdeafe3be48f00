package io.deepbootstrap.core.engine;

import java.util.List;

/**
 * The learning rate as a function of the step only (and the total T), identical in both worlds.
 * Steps are 1-based: step t is the t-th optimizer update.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * @param step the step about to be taken, 1..T
     * @return its learning rate
     */
    double at(int step);

    /**
     * @param baseRate rate at step 1
     * @param totalSteps T
     * @return {@code base * (1 + cos(pi * (t-1) / T)) / 2}: the base rate at the first step, falling towards 0
     */
    static LearningRateSchedule cosine(double baseRate, int totalSteps) {
        return step -> baseRate * 0.5 * (1 + Math.cos(Math.PI * (step - 1) / totalSteps));
    }

    /**
     * @param baseRate initial rate
     * @param totalSteps T
     * @param milestones fractions of T at which the rate is multiplied by gamma
     * @param gamma the factor
     * @return a step-decay schedule
     */
    static LearningRateSchedule stepDecay(double baseRate, int totalSteps, List<Double> milestones, double gamma) {
        return step -> {
            double rate = baseRate;
            for (double m : milestones) {
                if (step > m * totalSteps) {
                    rate *= gamma;
                }
            }
            return rate;
        };
    }

    /**
     * @param after the schedule after warm-up
     * @param warmupSteps steps of linear warm-up
     * @return {@code after(t) * t / warmupSteps} for t up to warmupSteps, then {@code after(t)}
     */
    static LearningRateSchedule withWarmup(LearningRateSchedule after, int warmupSteps) {
        return step -> step <= warmupSteps ? after.at(step) * step / warmupSteps : after.at(step);
    }
}
