package io.deepbootstrap.core.config;

import com.typesafe.config.ConfigOrigin;
import io.deepbootstrap.api.config.ConfigLocation;
import java.util.List;

/**
 * An invalid experiment configuration: unknown keys, wrong types, missing or bad values. Each problem
 * names the key and where it was written ({@code file:line}). The command line exits with code 2.
 */
public final class ConfigError extends RuntimeException {
    private final List<String> problems;

    /** @param problems one line each, already carrying key and location */
    public ConfigError(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " configuration problems:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @param problem one problem, already carrying key and location */
    public ConfigError(String problem) {
        this(List.of(problem));
    }

    /**
     * @param origin where the offending value was written (may be null)
     * @param key the full key path
     * @param message what is wrong and what was expected
     * @return a one-problem error
     */
    public static ConfigError at(ConfigOrigin origin, String key, String message) {
        return new ConfigError(describe(origin, key, message));
    }

    /** @return every problem found */
    public List<String> problems() {
        return problems;
    }

    /**
     * @param origin the value's origin (may be null)
     * @param key the full key path
     * @param message the problem
     * @return {@code file:line: key: message}, or {@code default of <module>: key: message} for a default
     *     (see {@link ConfigLocation})
     */
    public static String describe(ConfigOrigin origin, String key, String message) {
        return ConfigLocation.of(origin).describe(key, message);
    }
}
