package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.World;
import io.deepbootstrap.core.settings.Architecture;
import io.deepbootstrap.core.settings.AugmentationSet;
import io.deepbootstrap.core.settings.ExperimentSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs an experiment plans: per seed × architecture × augmentation set one cell, each with one ideal-world run
 * and one real-world run per train size; the order they are reported in and the order they train in.
 */
final class RunPlan {

    /** One planned run: its identity and what it needs. */
    record Task(RunId id, Architecture architecture, AugmentationSet augmentation) {
    }

    private final ExperimentSettings settings;
    private final List<Task> tasks;

    RunPlan(ExperimentSettings settings) {
        this.settings = settings;
        List<Task> all = new ArrayList<>();
        for (long seed : settings.experiment().seeds()) {
            for (Architecture a : settings.architectures()) {
                for (AugmentationSet aug : settings.training().augmentationSets()) {
                    all.add(new Task(new RunId(a.label(), 0, seed, aug.label(), World.IDEAL), a, aug));
                    for (int n : settings.data().trainSizes()) {
                        all.add(new Task(new RunId(a.label(), n, seed, aug.label(), World.REAL), a, aug));
                    }
                }
            }
        }
        this.tasks = List.copyOf(all);
    }

    /** @return every planned run with what it needs, in planned (reported) order: per cell the ideal run first */
    List<Task> tasks() {
        return tasks;
    }

    /** @return the planned run ids, in the order they are reported */
    List<RunId> plannedRuns() {
        return tasks.stream().map(Task::id).toList();
    }

    /**
     * @param id a run id
     * @return its task
     * @throws IllegalArgumentException if {@code id} is not a planned run of this experiment
     */
    Task task(RunId id) {
        return tasks.stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("run " + id.label() + " is not planned by experiment '"
                        + settings.experiment().name() + "'"));
    }

    /**
     * @return the planned run ids in the order they train: each cell's real-world runs before its ideal-world
     *     run, which is then evaluated at every real run's T_stop
     */
    List<RunId> trainingOrder() {
        List<RunId> order = new ArrayList<>();
        RunId ideal = null;
        for (RunId id : plannedRuns()) { // planned: [ideal, reals...] per cell
            if (id.world() == World.IDEAL) {
                if (ideal != null) {
                    order.add(ideal);
                }
                ideal = id;
            } else {
                order.add(id);
            }
        }
        if (ideal != null) {
            order.add(ideal);
        }
        return order;
    }
}
