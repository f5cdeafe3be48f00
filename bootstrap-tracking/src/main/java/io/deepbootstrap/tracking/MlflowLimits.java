package io.deepbootstrap.tracking;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What MLflow accepts, and how tracking fits its data to it: keys of at most {@value #MAX_KEY_LENGTH}
 * characters from {@code [A-Za-z0-9_-. /]}, tag values of at most {@value #MAX_TAG_VALUE_LENGTH}, param
 * values cut to a configured length, and log-batch requests of at most {@value #MAX_PARAMS_PER_BATCH}
 * params, {@value #MAX_TAGS_PER_BATCH} tags and {@value #MAX_METRICS_PER_BATCH} metrics.
 */
public final class MlflowLimits {

    /** Longest metric, param or tag key. */
    public static final int MAX_KEY_LENGTH = 250;
    /** Longest tag value. */
    public static final int MAX_TAG_VALUE_LENGTH = 5000;
    /** Params in one log-batch request. */
    public static final int MAX_PARAMS_PER_BATCH = 100;
    /** Tags in one log-batch request. */
    public static final int MAX_TAGS_PER_BATCH = 100;
    /** Metrics in one log-batch request. */
    public static final int MAX_METRICS_PER_BATCH = 1000;

    private MlflowLimits() {
    }

    /**
     * @param key any key
     * @return the key with characters MLflow rejects replaced by {@code _}, cut to {@value #MAX_KEY_LENGTH}
     */
    public static String key(String key) {
        String clean = key.replaceAll("[^A-Za-z0-9_\\-. /]", "_");
        return clean.length() > MAX_KEY_LENGTH ? clean.substring(0, MAX_KEY_LENGTH) : clean;
    }

    /**
     * @param value a value
     * @param max the longest value allowed
     * @return the value, or its first {@code max - 1} characters followed by {@code …}
     */
    public static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    /**
     * @param items any list
     * @param size the largest part
     * @param <T> the element type
     * @return consecutive parts of at most {@code size} elements (none for an empty list)
     */
    public static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> parts = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            parts.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return parts;
    }

    /**
     * @param hocon an effective configuration ({@code config.conf})
     * @param maxValueLength the longest param value
     * @return one param per leaf (lists count as one), keyed by its path, sorted
     * @throws ConfigException if the text is not HOCON
     */
    public static List<MlflowClient.Entry> configParams(String hocon, int maxValueLength) {
        Map<String, String> flat = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : ConfigFactory.parseString(hocon).resolve().entrySet()) {
            ConfigValue v = e.getValue();
            String text = v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped()
                    : v.render(ConfigRenderOptions.concise());
            flat.put(key(String.join(".", ConfigUtil.splitPath(e.getKey()))), cut(text, maxValueLength));
        }
        List<MlflowClient.Entry> params = new ArrayList<>();
        flat.forEach((k, v) -> params.add(new MlflowClient.Entry(k, v)));
        return params;
    }
}
