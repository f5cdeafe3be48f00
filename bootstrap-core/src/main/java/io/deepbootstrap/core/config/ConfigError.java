package io.deepbootstrap.core.config;

import com.typesafe.config.ConfigOrigin;
import java.net.URL;
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

    /**
     * @param origin an origin (may be null)
     * @return {@code file:line}; {@code default of <module>} for a value from a module's or plugin's
     *     {@code reference.conf}; else the origin's description
     */
    public static String location(ConfigOrigin origin) {
        if (origin == null) {
            return "(unknown location)";
        }
        if (isDefault(origin)) {
            return "default of " + module(origin.url());
        }
        String file = origin.filename() != null ? origin.filename()
                : origin.resource() != null ? origin.resource() : null;
        if (file != null && origin.lineNumber() > 0) {
            return file + ":" + origin.lineNumber();
        }
        // e.g. "command line -Dtraining.steps: 1": the line of a one-line override says nothing
        return origin.description().replaceFirst(": \\d+$", "");
    }

    /**
     * @param origin an origin (may be null)
     * @return whether it is a module's or plugin's {@code reference.conf} (a default, not the user's)
     */
    public static boolean isDefault(ConfigOrigin origin) {
        if (origin == null) {
            return false;
        }
        URL url = origin.url();
        return "reference.conf".equals(origin.resource()) || url != null && url.toString().endsWith("/reference.conf");
    }

    /** The module or plugin a reference.conf belongs to: its jar's name without version, or its build folder's. */
    private static String module(URL url) {
        if (url == null) {
            return "a reference.conf";
        }
        String s = url.toString();
        int bang = s.indexOf("!/");
        if (bang >= 0) {
            String jar = s.substring(s.lastIndexOf('/', bang) + 1, bang);
            return jar.replaceFirst("\\.jar$", "").replaceFirst("-\\d[^/]*$", "");
        }
        String[] parts = s.split("/");
        for (int i = parts.length - 2; i > 0; i--) {
            if (parts[i].equals("target") || parts[i].equals("classes") && !parts[i - 1].equals("target")) {
                return parts[i - 1];
            }
        }
        return parts.length > 1 ? parts[parts.length - 2] : s;
    }
}
