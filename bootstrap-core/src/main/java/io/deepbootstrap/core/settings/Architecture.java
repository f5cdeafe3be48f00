package io.deepbootstrap.core.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.core.config.ComponentConfigs.Resolved;
import io.deepbootstrap.core.config.ConfigError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of the {@code architectures} list (bootstrap-core's reference.conf): an architecture block with
 * the framework keys {@code name} and {@code threads}.
 *
 * @param label {@code name}, else the type; made unique by suffixes {@code -2}, {@code -3}, ...: its label in results
 * @param component {@code type} and the architecture's own keys: the resolved component
 * @param threads {@code threads}, else {@code training.threads}: native threads for its runs (0 = all cores)
 */
public record Architecture(String label, Resolved<ArchitectureFactory> component, int threads) {

    /** Keys of an architecture block that belong to the framework. */
    public static final Set<String> FRAMEWORK_KEYS = Set.of("name", "threads");

    /**
     * @param r the reader
     * @param defaultThreads {@code training.threads}
     * @return the architectures in order (problems recorded in r)
     */
    static List<Architecture> parseAll(SettingsReader r, int defaultThreads) {
        List<Architecture> architectures = new ArrayList<>();
        if (!r.merged().hasPath("architectures")) {
            return architectures;
        }
        List<Resolved<ArchitectureFactory>> archs = r.componentList(ComponentKind.ARCHITECTURE, "architectures", FRAMEWORK_KEYS);
        if (!(r.merged().getValue("architectures") instanceof ConfigList list)) {
            return architectures; // not a list: componentList reported it
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < archs.size() && i < list.size(); i++) {
            ConfigValue v = list.get(i);
            String label = archs.get(i).type();
            int archThreads = defaultThreads;
            if (v instanceof ConfigObject o && o.get("name") != null) {
                label = String.valueOf(o.get("name").unwrapped());
                if (!SafeNames.isSafe(label)) {
                    r.add(ConfigError.describe(o.get("name").origin(), "architectures[" + i + "].name",
                            SafeNames.problem(label, "its runs' files")));
                    continue;
                }
            }
            if (v instanceof ConfigObject o && o.get("threads") != null) {
                Object t = o.get("threads").unwrapped();
                if (t instanceof Number num && num.intValue() >= 0 && num.doubleValue() == num.intValue()) {
                    archThreads = num.intValue();
                } else {
                    r.add(ConfigError.describe(o.get("threads").origin(), "architectures[" + i + "].threads",
                            "expected an integer >= 0 (0 = all cores), found " + o.get("threads").render()));
                }
            }
            int n = counts.merge(label, 1, Integer::sum);
            String unique = n == 1 ? label : label + "-" + n;
            for (int j = 0; j < architectures.size(); j++) {
                if (architectures.get(j).label().equals(unique)) {
                    ConfigValue at = v instanceof ConfigObject o && o.get("name") != null ? o.get("name") : v;
                    r.add(ConfigError.describe(at.origin(), "architectures[" + i + "]", "its label '" + unique
                            + "' is already the label of architectures[" + j + "] (labels are the name, else the type, "
                            + "with -2, -3, ... added to repeats); give each architecture a distinct name"));
                }
            }
            architectures.add(new Architecture(unique, archs.get(i), archThreads));
        }
        if (list.isEmpty()) {
            r.problem("architectures", "expected at least one architecture");
        }
        return List.copyOf(architectures);
    }

    /** @param c the effective configuration so far @param all the architectures @return it with their blocks in full */
    static Config writeInto(Config c, List<Architecture> all) {
        List<Object> archs = new ArrayList<>();
        for (Architecture a : all) {
            archs.add(ComponentBlocks.block(a.component()).withValue("name", ConfigValueFactory.fromAnyRef(a.label()))
                    .withValue("threads", ConfigValueFactory.fromAnyRef(a.threads())).root().unwrapped());
        }
        return c.withValue("architectures", ConfigValueFactory.fromIterable(archs));
    }
}
