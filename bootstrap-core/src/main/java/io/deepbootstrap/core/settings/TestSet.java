package io.deepbootstrap.core.settings;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.core.config.ComponentConfigs.Resolved;
import io.deepbootstrap.core.config.ConfigError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of {@code evaluation.test-sets}: the string {@code source} or a block {@code { use = source }}
 * (the data's own test split, disjoint from every train set), or a data source block
 * {@code { type = fashion-mnist, ... }} (that source's designated test split, else {@code data.test-size}
 * examples drawn from it). Either form may carry {@code name} (default {@code source}, or the type), which
 * labels the set's metrics ({@code <name>/soft-error}) and must be unique; the first entry is the primary test
 * set, on which gaps and the decomposition are read.
 *
 * @param name the set's name (letters, digits, {@code _ . -})
 * @param source the other data source, or null for the data's own test split
 * @param key the entry's key, e.g. {@code evaluation.test-sets[1]}
 * @param origin where the entry was written
 */
public record TestSet(String name, Resolved<DataSourceFactory> source, String key, ConfigOrigin origin) {

    /** The key of the list. */
    public static final String KEY = "evaluation.test-sets";
    /** The name, and the {@code use} value, of the data's own test split. */
    public static final String OWN = "source";

    /** @return whether this is the data's own test split */
    public boolean own() {
        return source == null;
    }

    /**
     * @param message what is wrong with this entry
     * @return the error, naming the entry's key and {@code file:line}
     */
    public ConfigError error(String message) {
        return ConfigError.at(origin, key, message);
    }

    /**
     * @param r the reader
     * @return the entries in order; empty if the key is null (one test set, {@code evaluation.test-data} or the
     *     data's own); problems recorded in r
     */
    static List<TestSet> parseAll(SettingsReader r) {
        if (!r.merged().hasPath(KEY)) {
            return List.of();
        }
        ConfigValue value = r.merged().getValue(KEY);
        if (!(value instanceof ConfigList list) || list.isEmpty()) {
            r.problem(KEY, "expected a non-empty list [ ... ] of test sets: \"" + OWN + "\", { use = " + OWN
                    + " } or data source blocks { type = ... }; null for the data's own test set");
            return List.of();
        }
        if (!r.merged().getIsNull("evaluation.test-data")) {
            r.problem(KEY, "set evaluation.test-sets or evaluation.test-data (" + r.at("evaluation.test-data", "set here")
                    + "), not both: list the other data in evaluation.test-sets");
        }
        List<TestSet> out = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            TestSet t = parse(r, list.get(i), KEY + "[" + i + "]");
            if (t == null) {
                continue;
            }
            String first = names.putIfAbsent(t.name(), t.key());
            if (first != null) {
                r.add(ConfigError.describe(t.origin(), t.key() + ".name", "duplicate test set name '" + t.name()
                        + "' (also " + first + "); give one of them another name = ..."));
            }
            out.add(t);
        }
        return List.copyOf(out);
    }

    private static TestSet parse(SettingsReader r, ConfigValue value, String key) {
        if (value.valueType() == ConfigValueType.STRING && OWN.equals(value.unwrapped())) {
            return new TestSet(OWN, null, key, value.origin());
        }
        String name = null;
        if (value instanceof ConfigObject block) {
            ConfigValue n = block.get("name");
            if (n != null) {
                if (n.valueType() != ConfigValueType.STRING || !((String) n.unwrapped()).matches("[A-Za-z0-9_.-]+")) {
                    r.add(ConfigError.describe(n.origin(), key + ".name",
                            "expected a name of letters, digits, '_', '.' or '-', found " + n.render()));
                    return null;
                }
                name = (String) n.unwrapped();
            }
            if (block.containsKey("use")) {
                return own(r, block, key, name);
            }
        }
        int before = r.problemCount();
        Resolved<DataSourceFactory> source = r.components().resolve(ComponentKind.DATA_SOURCE, value, key,
                Set.of("name"), r.problems());
        if (source == null || r.problemCount() > before) {
            return null;
        }
        return new TestSet(name != null ? name : source.type(), source, key, value.origin());
    }

    private static TestSet own(SettingsReader r, ConfigObject block, String key, String name) {
        ConfigValue use = block.get("use");
        if (use.valueType() != ConfigValueType.STRING || !OWN.equals(use.unwrapped())) {
            r.add(ConfigError.describe(use.origin(), key + ".use", "expected \"" + OWN + "\" (the data's own test split), found "
                    + use.render() + "; for another data source write { type = ..., name = ... }"));
            return null;
        }
        for (Map.Entry<String, ConfigValue> e : block.entrySet()) {
            if (!e.getKey().equals("use") && !e.getKey().equals("name")) {
                r.add(ConfigError.describe(e.getValue().origin(), key + "." + e.getKey(),
                        "unknown key in a { use = " + OWN + " } test set; expected one of: name, use"));
                return null;
            }
        }
        return new TestSet(name != null ? name : OWN, null, key, block.origin());
    }
}
