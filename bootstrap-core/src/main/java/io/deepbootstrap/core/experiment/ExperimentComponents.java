package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.augment.Augmentation;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.engine.NamedMetric;
import io.deepbootstrap.core.settings.AugmentationSet;
import io.deepbootstrap.core.settings.ExperimentSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The components an experiment's runs share, created once from their configuration blocks before any
 * training (each through {@link ComponentCalls}, so a rejected configuration and a bug are told apart).
 *
 * @param augmentations each augmentation alternative's augmentations, by label
 * @param metrics the evaluated metrics, in configuration order
 * @param listeners the experiment's run listeners
 */
record ExperimentComponents(Map<String, List<Augmentation>> augmentations, List<NamedMetric> metrics, List<RunListener> listeners) {

    /**
     * @param settings the experiment
     * @param data the data the runs train on (shape and classes)
     * @param listenerOutput the output folder the run listeners are given
     * @return the components
     * @throws ConfigError if one rejects its configuration
     */
    static ExperimentComponents create(ExperimentSettings settings, DataSource data, Path listenerOutput) {
        RunContexts.Augmentation augContext = new RunContexts.Augmentation(data.inputShape(), data.numClasses());
        Map<String, List<Augmentation>> augmentations = new LinkedHashMap<>();
        for (AugmentationSet set : settings.training().augmentationSets()) {
            List<Augmentation> built = new ArrayList<>();
            for (int i = 0; i < set.augmentations().size(); i++) {
                var r = set.augmentations().get(i);
                built.add(ComponentCalls.create(set.paths().get(i), r.type(), r.factory(), () -> r.factory().create(r.config(), augContext)));
            }
            augmentations.put(set.label(), built);
        }
        List<NamedMetric> metrics = new ArrayList<>();
        for (int i = 0; i < settings.evaluation().metrics().size(); i++) {
            var r = settings.evaluation().metrics().get(i);
            metrics.add(new NamedMetric(r.type(), ComponentCalls.create("evaluation.metrics[" + i + "]", r.type(), r.factory(),
                    () -> r.factory().create(r.config(), new RunContexts.Metric(data.numClasses())))));
        }
        RunContexts.Listener listenerContext = new RunContexts.Listener(settings.experiment().name(), listenerOutput);
        List<RunListener> listeners = new ArrayList<>();
        for (int i = 0; i < settings.experiment().listeners().size(); i++) {
            var r = settings.experiment().listeners().get(i);
            listeners.add(ComponentCalls.create("experiment.listeners[" + i + "]", r.type(), r.factory(),
                    () -> r.factory().create(r.config(), listenerContext)));
        }
        return new ExperimentComponents(augmentations, List.copyOf(metrics), List.copyOf(listeners));
    }
}
