package io.deepbootstrap.core.settings;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.augment.AugmentationFactory;
import io.deepbootstrap.core.config.ComponentConfigs.Resolved;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One augmentation pipeline of the grid ({@code training.augmentations}: a list of blocks, or a list of such
 * lists that the grid sweeps over).
 *
 * @param label {@code none}, or the types joined by {@code +}
 * @param augmentations applied in order
 * @param paths each augmentation's configuration path, e.g. {@code training.augmentations[1][0]}, for messages
 */
public record AugmentationSet(String label, List<Resolved<AugmentationFactory>> augmentations, List<String> paths) {
    private static final String PATH = "training.augmentations";

    /** @param r the reader @return the alternatives, one pipeline if a plain list was written (problems recorded in r) */
    static List<AugmentationSet> parseAll(SettingsReader r) {
        ConfigList list;
        try {
            list = r.merged().getList(PATH);
        } catch (ConfigException e) {
            r.problem(PATH, "expected a list [ ... ] of augmentation blocks, or a list of such lists");
            return List.of();
        }
        boolean alternatives = !list.isEmpty() && list.stream().allMatch(v -> v instanceof ConfigList);
        List<ConfigList> pipelines = alternatives ? list.stream().map(v -> (ConfigList) v).toList() : List.of(list);
        List<AugmentationSet> sets = new ArrayList<>();
        for (int p = 0; p < pipelines.size(); p++) {
            String at = alternatives ? PATH + "[" + p + "]" : PATH;
            List<Resolved<AugmentationFactory>> augs = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            ConfigList pipeline = pipelines.get(p);
            for (int i = 0; i < pipeline.size(); i++) {
                Resolved<AugmentationFactory> a = r.components().resolve(ComponentKind.AUGMENTATION, pipeline.get(i),
                        at + "[" + i + "]", Set.of(), r.problems());
                if (a != null) {
                    augs.add(a);
                    paths.add(at + "[" + i + "]");
                }
            }
            String label = augs.isEmpty() ? "none" : String.join("+", augs.stream().map(Resolved::type).toList());
            for (int q = 0; q < sets.size(); q++) {
                if (sets.get(q).label().equals(label)) {
                    r.problem(PATH, "alternatives [" + q + "] and [" + p + "] are both labelled '" + label + "' (the types joined by "
                            + "'+'), so their runs would have the same names; each alternative needs its own set of types");
                }
            }
            sets.add(new AugmentationSet(label, List.copyOf(augs), List.copyOf(paths)));
        }
        return List.copyOf(sets);
    }
}
