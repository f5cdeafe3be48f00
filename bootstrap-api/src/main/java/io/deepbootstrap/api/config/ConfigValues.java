package io.deepbootstrap.api.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Typed, range-checked reads of configuration values, for components (built-in and plugins alike) and the
 * framework's settings. Every failure is a {@link ConfigValueException} whose message names the key and the
 * <em>value's</em> origin: the user's {@code file:line}, or {@code default of <module>} when the component's
 * {@code reference.conf} supplied it; a missing key is reported at its block.
 *
 * <p>Stricter than {@link Config}'s own getters: an integer key refuses {@code 50.7} (which {@code getInt}
 * would truncate to 50), a number key refuses NaN and infinities, and a list reports the element at fault with
 * the element's own line.
 *
 * <p>One job, one class: a getter per value type with its refusal located at the value. It is long because each
 * public getter is part of the versioned API and documents what it refuses; the logic is the three private
 * helpers at the end.
 *
 * <pre>{@code
 * int width = ConfigValues.positiveInt(config, "width");            // exp.conf:7: width: expected an integer >= 1, found 0
 * double p = ConfigValues.doubleInRange(config, "p", 0, 1);
 * String mode = ConfigValues.choice(config, "mode", "mean", "max");
 * }</pre>
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    /**
     * @param config a configuration (a component's merged block, or an experiment)
     * @param key the key
     * @return its integer value
     * @throws ConfigValueException if it is missing, not a number, has a fraction or does not fit an int
     */
    public static int integer(Config config, String key) {
        long v = longValue(config, key);
        return (int) (long) require(v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE, v, config, key,
                "an integer that fits 32 bits");
    }

    /**
     * @param config a configuration
     * @param key the key
     * @return its value as a long
     * @throws ConfigValueException if it is missing, not a number or has a fraction
     */
    public static long longValue(Config config, String key) {
        return integral(value(config, key, "an integer"), key, "an integer");
    }

    /**
     * @param config a configuration
     * @param key the key
     * @param min smallest allowed value
     * @param max largest allowed value
     * @return the value
     * @throws ConfigValueException if it is not an integer in {@code min..max}
     */
    public static int intInRange(Config config, String key, int min, int max) {
        int v = integer(config, key);
        return require(v >= min && v <= max, v, config, key, "an integer in " + min + ".." + max);
    }

    /**
     * @param config a configuration
     * @param key the key
     * @param min smallest allowed value
     * @return the value
     * @throws ConfigValueException if it is not an integer {@code >= min}
     */
    public static int intAtLeast(Config config, String key, int min) {
        int v = integer(config, key);
        return require(v >= min, v, config, key, "an integer >= " + min);
    }

    /**
     * @param config a configuration
     * @param key the key
     * @return the value
     * @throws ConfigValueException if it is not an integer {@code >= 1}
     */
    public static int positiveInt(Config config, String key) {
        return intAtLeast(config, key, 1);
    }

    /**
     * @param config a configuration
     * @param key the key
     * @return the value
     * @throws ConfigValueException if it is not an integer {@code >= 0}
     */
    public static int nonNegativeInt(Config config, String key) {
        return intAtLeast(config, key, 0);
    }

    /**
     * @param config a configuration
     * @param key the key
     * @param min smallest allowed value
     * @return the value
     * @throws ConfigValueException if it is not an integer {@code >= min}
     */
    public static long longAtLeast(Config config, String key, long min) {
        long v = longValue(config, key);
        return require(v >= min, v, config, key, "an integer >= " + min);
    }

    /**
     * @param config a configuration
     * @param key the key
     * @return its value
     * @throws ConfigValueException if it is missing, not a number, NaN or infinite
     */
    public static double finiteDouble(Config config, String key) {
        ConfigValue value = value(config, key, "a number");
        Double d = number(value);
        if (d == null || !Double.isFinite(d)) {
            throw new ConfigValueException(ConfigLocation.of(value.origin()), key,
                    "expected a finite number, found " + value.render());
        }
        return d;
    }

    /**
     * @param config a configuration
     * @param key the key
     * @param min smallest allowed value (inclusive)
     * @param max largest allowed value (inclusive)
     * @return the value
     * @throws ConfigValueException if it is not a finite number in {@code [min, max]}
     */
    public static double doubleInRange(Config config, String key, double min, double max) {
        double v = finiteDouble(config, key);
        return require(v >= min && v <= max, v, config, key, "a number in [" + min + ", " + max + "]");
    }

    /**
     * @param config a configuration
     * @param key the key
     * @param min smallest allowed value (inclusive)
     * @return the value
     * @throws ConfigValueException if it is not a finite number {@code >= min}
     */
    public static double doubleAtLeast(Config config, String key, double min) {
        double v = finiteDouble(config, key);
        return require(v >= min, v, config, key, "a finite number >= " + min);
    }

    /**
     * @param config a configuration
     * @param key the key
     * @return the value
     * @throws ConfigValueException if it is not a finite number {@code > 0}
     */
    public static double positiveDouble(Config config, String key) {
        double v = finiteDouble(config, key);
        return require(v > 0, v, config, key, "a finite number > 0");
    }

    /**
     * @param config a configuration
     * @param key the key
     * @return the value
     * @throws ConfigValueException if it is not a number in {@code (0, 1]}
     */
    public static double fraction(Config config, String key) {
        double v = finiteDouble(config, key);
        return require(v > 0 && v <= 1, v, config, key, "a number in (0, 1]");
    }

    /**
     * @param config a configuration
     * @param key the key
     * @return its string value (numbers and booleans are accepted as their text, as {@link Config#getString} does)
     * @throws ConfigValueException if it is missing or not a string
     */
    public static String string(Config config, String key) {
        ConfigValue value = value(config, key, "a string");
        if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST
                || value.valueType() == ConfigValueType.NULL) {
            throw new ConfigValueException(ConfigLocation.of(value.origin()), key, "expected a string, found " + value.render());
        }
        return String.valueOf(value.unwrapped());
    }

    /**
     * @param config a configuration
     * @param key the key
     * @return its string value, not blank
     * @throws ConfigValueException if it is missing, not a string, or empty or blank
     */
    public static String nonBlank(Config config, String key) {
        String v = string(config, key);
        if (v.isBlank()) {
            throw bad(config, key, "expected a non-empty value, found an empty string");
        }
        return v;
    }

    /**
     * @param config a configuration
     * @param key the key
     * @return its boolean value
     * @throws ConfigValueException if it is missing or not {@code true}/{@code false}
     */
    public static boolean bool(Config config, String key) {
        ConfigValue value = value(config, key, "true or false");
        if (value.unwrapped() instanceof Boolean b) {
            return b;
        }
        if (value.valueType() == ConfigValueType.STRING) {
            String s = ((String) value.unwrapped()).trim();
            switch (s) {
                case "true", "yes", "on" -> {
                    return true;
                }
                case "false", "no", "off" -> {
                    return false;
                }
                default -> { }
            }
        }
        throw new ConfigValueException(ConfigLocation.of(value.origin()), key, "expected true or false, found " + value.render());
    }

    /**
     * An enum-like key: one of a fixed set of names.
     *
     * @param config a configuration
     * @param key the key
     * @param allowed the names it may take
     * @return the value, one of {@code allowed}
     * @throws ConfigValueException naming the allowed values if it is none of them
     */
    public static String choice(Config config, String key, String... allowed) {
        return choice(config, key, Arrays.asList(allowed));
    }

    /**
     * An enum-like key: one of a fixed set of names.
     *
     * @param config a configuration
     * @param key the key
     * @param allowed the names it may take
     * @return the value, one of {@code allowed}
     * @throws ConfigValueException naming the allowed values if it is none of them
     */
    public static String choice(Config config, String key, List<String> allowed) {
        String v = string(config, key);
        return require(allowed.contains(v), v, config, key, "one of " + String.join(", ", allowed));
    }

    /**
     * @param config a configuration
     * @param key the key of a list
     * @return its elements as integers
     * @throws ConfigValueException if it is not a list, or an element (reported at its own line) is not an integer
     */
    public static List<Integer> intList(Config config, String key) {
        List<Integer> out = new ArrayList<>();
        ConfigList list = list(config, key, "a list of integers");
        for (int i = 0; i < list.size(); i++) {
            long v = integral(list.get(i), key + "[" + i + "]", "an integer");
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new ConfigValueException(ConfigLocation.of(list.get(i).origin()), key + "[" + i + "]",
                        "expected an integer, found " + v);
            }
            out.add((int) v);
        }
        return out;
    }

    /**
     * @param config a configuration
     * @param key the key of a list
     * @param allowEmpty whether an empty list is allowed
     * @return its elements, each {@code >= 1}
     * @throws ConfigValueException if it is empty (unless allowed) or an element is not a positive integer
     */
    public static int[] positiveInts(Config config, String key, boolean allowEmpty) {
        List<Integer> list = intList(config, key);
        if (list.isEmpty() && !allowEmpty) {
            throw bad(config, key, "expected a non-empty list of positive integers, found []");
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
            if (out[i] < 1) {
                throw new ConfigValueException(ConfigLocation.of(config.getList(key).get(i).origin()), key,
                        "expected positive integers, found " + list);
            }
        }
        return out;
    }

    /**
     * @param config a configuration
     * @param key the key of a list
     * @return its elements as strings
     * @throws ConfigValueException if it is not a list of strings
     */
    public static List<String> stringList(Config config, String key) {
        List<String> out = new ArrayList<>();
        ConfigList list = list(config, key, "a list of strings");
        for (int i = 0; i < list.size(); i++) {
            ConfigValue e = list.get(i);
            if (e.valueType() == ConfigValueType.OBJECT || e.valueType() == ConfigValueType.LIST
                    || e.valueType() == ConfigValueType.NULL) {
                throw new ConfigValueException(ConfigLocation.of(e.origin()), key + "[" + i + "]",
                        "expected a string, found " + e.render());
            }
            out.add(String.valueOf(e.unwrapped()));
        }
        return out;
    }

    /**
     * For checks this class does not offer: an exception located at the value of {@code key} (or its block if
     * the key is absent).
     *
     * @param config a configuration
     * @param key the key
     * @param problem what is wrong and what was expected, e.g. {@code expected 10 names (one per class), found 3}
     * @return an exception to throw
     */
    public static ConfigValueException bad(Config config, String key, String problem) {
        return new ConfigValueException(ConfigLocation.ofValue(config, key), key, problem);
    }

    /** @return {@code v} if {@code ok}, else throws "expected {@code expected}, found {@code v}" at the key's value */
    private static <T> T require(boolean ok, T v, Config config, String key, String expected) {
        if (!ok) {
            throw bad(config, key, "expected " + expected + ", found " + (v instanceof String ? "'" + v + "'" : v));
        }
        return v;
    }

    private static ConfigValue value(Config config, String key, String expected) {
        if (!config.hasPathOrNull(key)) {
            throw new ConfigValueException(ConfigLocation.of(config.origin()), key, "missing; expected " + expected);
        }
        return config.getValue(key);
    }

    private static ConfigList list(Config config, String key, String expected) {
        ConfigValue value = value(config, key, expected);
        if (!(value instanceof ConfigList list)) {
            throw new ConfigValueException(ConfigLocation.of(value.origin()), key, "expected " + expected + ", found "
                    + value.render());
        }
        return list;
    }

    /** A whole number, refusing fractions (Typesafe Config's getInt would truncate 50.7 to 50). */
    private static long integral(ConfigValue value, String key, String expected) {
        Double d = number(value);
        if (d == null || !Double.isFinite(d) || d != Math.rint(d)) {
            throw new ConfigValueException(ConfigLocation.of(value.origin()), key, "expected " + expected + ", found "
                    + value.render());
        }
        Object raw = value.unwrapped();
        if (raw instanceof Integer || raw instanceof Long) {
            return ((Number) raw).longValue();
        }
        if (Math.abs(d) > 0x1p53) {
            throw new ConfigValueException(ConfigLocation.of(value.origin()), key, "expected " + expected
                    + " that fits 53 bits, found " + value.render());
        }
        return d.longValue();
    }

    /** The value as a number: a number, or a string holding one (as Typesafe Config allows); else null. */
    private static Double number(ConfigValue value) {
        Object raw = value.unwrapped();
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
