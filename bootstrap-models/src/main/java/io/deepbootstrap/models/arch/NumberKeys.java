package io.deepbootstrap.models.arch;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/** Reading and validating numeric architecture keys (errors name the key and say what was expected). */
final class NumberKeys {
    private NumberKeys() {
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
