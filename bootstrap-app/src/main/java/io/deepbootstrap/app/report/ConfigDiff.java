package io.deepbootstrap.app.report;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.deepbootstrap.core.config.ConfigError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What differs between the effective configurations ({@code config.conf}) of several experiments, key by
 * key: every leaf path (lists count as one value) whose value is not the same in all of them, or that
 * some of them lack.
 */
final class ConfigDiff {

    /**
     * One differing key.
     *
     * @param key the full path, e.g. {@code training.optimizer.learning-rate}
     * @param values its value in each experiment, in order; empty where the key is absent or the
     *     experiment has no {@code config.conf}
     */
    record Row(String key, List<Optional<String>> values) {
    }

    private ConfigDiff() {
    }

    /**
     * @param configs each experiment's {@code config.conf} text (empty if it has none)
     * @param names the experiments' names, for messages
     * @return the differing keys, sorted
     * @throws ConfigError naming the experiment if a configuration cannot be parsed
     */
    static List<Row> of(List<Optional<String>> configs, List<String> names) {
        List<Map<String, String>> flat = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>();
        for (int i = 0; i < configs.size(); i++) {
            Map<String, String> values = configs.get(i).isPresent() ? flatten(configs.get(i).get(), names.get(i))
                    : Map.of();
            flat.add(values);
            keys.addAll(values.keySet());
        }
        List<Row> rows = new ArrayList<>();
        for (String key : keys) {
            List<Optional<String>> values = flat.stream().map(m -> Optional.ofNullable(m.get(key))).toList();
            if (values.stream().distinct().count() > 1) {
                rows.add(new Row(key, values));
            }
        }
        return rows;
    }

    /**
     * @param text a HOCON document
     * @param name where it comes from, for messages
     * @return every leaf path with its value rendered as concise JSON
     */
    static Map<String, String> flatten(String text, String name) {
        try {
            Map<String, String> values = new TreeMap<>();
            for (Map.Entry<String, ConfigValue> e : ConfigFactory.parseString(text,
                    ConfigParseOptions.defaults().setOriginDescription(name)).resolve().entrySet()) {
                values.put(e.getKey(), e.getValue().render(ConfigRenderOptions.concise()));
            }
            return values;
        } catch (ConfigException e) {
            throw new ConfigError(name + ": config.conf cannot be read: " + e.getMessage());
        }
    }
}
