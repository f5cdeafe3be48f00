package io.deepbootstrap.models.arch;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.List;

/** Reading and validating architecture keys, numbers and lists (errors name the key and say what was expected). */
final class ConfigValues {
    private ConfigValues() {
    }

    static int[] positiveInts(Config config, String key, boolean allowEmpty) {
        List<Integer> list = config.getIntList(key);
        if (list.isEmpty() && !allowEmpty) {
            throw new ConfigException.BadValue(config.origin(), key, "expected a non-empty list of positive integers, got []");
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
            if (out[i] < 1) {
                throw new ConfigException.BadValue(config.origin(), key,
                        "expected positive integers, got " + list);
            }
        }
        return out;
    }

    static int nonNegativeInt(Config config, String key) {
        int v = config.getInt(key);
        if (v < 0) {
            throw new ConfigException.BadValue(config.origin(), key, "expected an integer >= 0, got " + v);
        }
        return v;
    }

    static String oneOf(Config config, String key, String... allowed) {
        String v = config.getString(key);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new ConfigException.BadValue(config.origin(), key,
                "expected one of " + String.join(", ", allowed) + ", got '" + v + "'");
    }

    static int positiveInt(Config config, String key) {
        int v = config.getInt(key);
        if (v < 1) {
            throw new ConfigException.BadValue(config.origin(), key, "expected an integer >= 1, got " + v);
        }
        return v;
    }

    static double positiveDouble(Config config, String key) {
        double v = config.getDouble(key);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ConfigException.BadValue(config.origin(), key, "expected a finite number > 0, got " + v);
        }
        return v;
    }

    static double fraction(Config config, String key) {
        double v = config.getDouble(key);
        if (!(v > 0 && v <= 1)) {
            throw new ConfigException.BadValue(config.origin(), key, "expected a number in (0, 1], got " + v);
        }
        return v;
    }
}
