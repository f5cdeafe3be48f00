package io.deepbootstrap.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.deepbootstrap.api.data.DataContext;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and range-checks component configuration values. An invalid value is reported as a
 * {@link ConfigException.BadValue} naming the key, its origin (file:line), what was expected and what
 * was given.
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    /**
     * @param config the component's merged block
     * @param key the key
     * @param min smallest allowed value
     * @param max largest allowed value
     * @return the value
     * @throws ConfigException.BadValue if the value is outside {@code min..max}
     */
    public static int intInRange(Config config, String key, int min, int max) {
        int v = config.getInt(key);
        if (v < min || v > max) {
            throw bad(config, key, "expected an integer in " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    /**
     * @param config the component's merged block
     * @param key the key
     * @param min smallest allowed value
     * @return the value
     * @throws ConfigException.BadValue if the value is below {@code min}
     */
    public static int intAtLeast(Config config, String key, int min) {
        int v = config.getInt(key);
        if (v < min) {
            throw bad(config, key, "expected an integer >= " + min + ", got " + v);
        }
        return v;
    }

    /**
     * @param config the component's merged block
     * @param key the key
     * @param min smallest allowed value (inclusive)
     * @param max largest allowed value (inclusive)
     * @return the value
     * @throws ConfigException.BadValue if the value is outside {@code [min, max]} or not finite
     */
    public static double doubleInRange(Config config, String key, double min, double max) {
        double v = config.getDouble(key);
        if (!(v >= min && v <= max)) {
            throw bad(config, key, "expected a number in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    /**
     * @param config the component's merged block
     * @param key the key
     * @param min smallest allowed value (inclusive)
     * @return the value
     * @throws ConfigException.BadValue if the value is below {@code min} or not finite
     */
    public static double doubleAtLeast(Config config, String key, double min) {
        double v = config.getDouble(key);
        if (!(v >= min) || Double.isInfinite(v)) {
            throw bad(config, key, "expected a finite number >= " + min + ", got " + v);
        }
        return v;
    }

    /**
     * @param config the component's merged block
     * @param key the key
     * @param what what was expected and what was given
     * @return an exception to throw, naming the key and its origin
     */
    public static ConfigException.BadValue bad(Config config, String key, String what) {
        return new ConfigException.BadValue(config.hasPath(key) ? config.getValue(key).origin() : config.origin(),
                key, what);
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
            throw bad(config, key, "a path is required, got an empty string");
        }
        return context.resolve(value);
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
            throw bad(config, "class-names", "expected " + numClasses + " names (one per class), got " + names.size());
        }
        return names;
    }
}
