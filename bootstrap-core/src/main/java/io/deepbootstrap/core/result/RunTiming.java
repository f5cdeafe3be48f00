package io.deepbootstrap.core.result;

/**
 * What a run's training and evaluations cost in time, as measured in the process that trained it: the CPU time
 * of the training thread over the training steps (filling the step's batch, forward, backward and update;
 * evaluations and the T_stop search excluded), the CPU time the prefetch thread spent preparing those batches
 * (drawing or generating the world's examples, reading them, augmenting them) and the CPU time of the grid
 * evaluations. CPU time is the work itself: on a loaded machine wall time measures mostly the share of a core a
 * thread got, so the two worlds' step costs compare by {@link #stepCpuMillis()}, not by wall time.
 *
 * <p>A run resumed from a checkpoint counts only the steps and evaluations of the process that finished it.
 *
 * @param steps training steps measured
 * @param trainingCpuSeconds CPU time of the training thread over those steps, 0 if the JVM cannot measure it
 * @param trainingWallSeconds wall time of those steps
 * @param preparationCpuSeconds CPU time of the prefetch thread preparing the batches, 0 without prefetching (the
 *     preparation is then part of {@code trainingCpuSeconds})
 * @param evaluations grid evaluations measured
 * @param evaluationCpuSeconds CPU time of those evaluations (test sets and, in the real world, S)
 */
public record RunTiming(int steps, double trainingCpuSeconds, double trainingWallSeconds, double preparationCpuSeconds,
                        int evaluations, double evaluationCpuSeconds) {
    /** No measurement (a run that failed before training, or a record written before timings were kept). */
    public static final RunTiming NONE = new RunTiming(0, 0, 0, 0, 0, 0);

    /** @return whether anything was measured */
    public boolean measured() {
        return steps > 0;
    }

    /** @return the training thread's CPU time per step in milliseconds (0 if no step was measured) */
    public double trainingCpuMillisPerStep() {
        return steps == 0 ? 0 : 1000 * trainingCpuSeconds / steps;
    }

    /** @return the prefetch thread's CPU time per step in milliseconds (0 if no step was measured) */
    public double preparationCpuMillisPerStep() {
        return steps == 0 ? 0 : 1000 * preparationCpuSeconds / steps;
    }

    /**
     * @return the CPU time per training step in milliseconds, the batch's preparation included, wherever it ran (0
     *     if no step was measured): what the two worlds' steps are compared by
     */
    public double stepCpuMillis() {
        return trainingCpuMillisPerStep() + preparationCpuMillisPerStep();
    }

    /**
     * @param seconds the prefetch thread's CPU time preparing this run's batches
     * @return this timing with that preparation time
     */
    public RunTiming withPreparationCpuSeconds(double seconds) {
        return new RunTiming(steps, trainingCpuSeconds, trainingWallSeconds, seconds, evaluations, evaluationCpuSeconds);
    }
}
