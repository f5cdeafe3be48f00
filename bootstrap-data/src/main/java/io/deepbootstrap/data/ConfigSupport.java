package io.deepbootstrap.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.deepbootstrap.api.data.DataContext;
import java.nio.file.Path;
import java.util.List;

/** Small helpers shared by the file-format data sources for reading their config keys. */
public final class ConfigSupport {
    private ConfigSupport() {
    }

    /**
     * @param config a component config
     * @param key a path key that must not be empty
     * @param context resolves the path
     * @return the resolved path
     * @throws ConfigException.BadValue naming the key if it is empty
     */
    public static Path requiredPath(Config config, String key, DataContext context) {
        String value = config.getString(key);
        if (value.isBlank()) {
            throw new ConfigException.BadValue(config.origin(), key, "a path is required, got an empty string");
        }
        return context.resolve(value);
    }

    /**
     * @param config a component config
     * @param key a key holding a non-negative integer
     * @return its value
     * @throws ConfigException.BadValue naming the key if negative
     */
    public static int nonNegativeInt(Config config, String key) {
        int v = config.getInt(key);
        if (v < 0) {
            throw new ConfigException.BadValue(config.origin(), key, "expected a non-negative integer, got " + v);
        }
        return v;
    }

    /**
     * @param config a component config
     * @param key a key holding a positive integer
     * @return its value
     * @throws ConfigException.BadValue naming the key if not positive
     */
    public static int positiveInt(Config config, String key) {
        int v = config.getInt(key);
        if (v < 1) {
            throw new ConfigException.BadValue(config.origin(), key, "expected a positive integer, got " + v);
        }
        return v;
    }

    /**
     * Checks {@code class-names} against the number of classes.
     *
     * @param config a component config with a {@code class-names} list
     * @param numClasses the number of classes
     * @return the names (empty for "0".."k-1")
     * @throws ConfigException.BadValue if the list is non-empty and of the wrong length
     */
    public static List<String> classNames(Config config, int numClasses) {
        List<String> names = config.getStringList("class-names");
        if (!names.isEmpty() && names.size() != numClasses) {
            throw new ConfigException.BadValue(config.origin(), "class-names",
                    "expected " + numClasses + " names (one per class), got " + names.size());
        }
        return names;
    }
}
