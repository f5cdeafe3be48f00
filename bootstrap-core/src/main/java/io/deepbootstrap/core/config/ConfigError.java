package io.deepbootstrap.core.config;

import com.typesafe.config.ConfigOrigin;
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
     * @return {@code file:line: key: message}
     */
    public static String describe(ConfigOrigin origin, String key, String message) {
        return location(origin) + ": " + key + ": " + message;
    }

    /** @param origin an origin (may be null) @return {@code file:line}, or the origin's description */
    public static String location(ConfigOrigin origin) {
        if (origin == null) {
            return "(unknown location)";
        }
        String file = origin.filename() != null ? origin.filename()
                : origin.resource() != null ? origin.resource() : null;
        if (file != null && origin.lineNumber() > 0) {
            return file + ":" + origin.lineNumber();
        }
        return origin.description();
    }
}
