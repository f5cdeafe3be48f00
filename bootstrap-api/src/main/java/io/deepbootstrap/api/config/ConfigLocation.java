package io.deepbootstrap.api.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import java.net.URL;
import java.util.Objects;

/**
 * Where a configuration value was written, as a user reads it in a message: {@code exp.conf:12} for a value of
 * the user's file (or {@code command line -Dtraining.steps} for an override), {@code default of bootstrap-models}
 * for a value that comes from a module's or plugin's {@code reference.conf} (a default the user did not write).
 *
 * <p>Immutable; {@link #toString()} is the text to put in front of a message.
 */
public final class ConfigLocation {
    private static final ConfigLocation UNKNOWN = new ConfigLocation("(unknown location)", false);

    private final String text;
    private final boolean isDefault;

    private ConfigLocation(String text, boolean isDefault) {
        this.text = text;
        this.isDefault = isDefault;
    }

    /**
     * @param origin a value's origin (may be null)
     * @return its location: {@code file:line}; {@code default of <module or plugin>} for a {@code reference.conf};
     *     else the origin's description without a meaningless line number
     */
    public static ConfigLocation of(ConfigOrigin origin) {
        if (origin == null) {
            return UNKNOWN;
        }
        if (isDefault(origin)) {
            return new ConfigLocation("default of " + owner(origin.url()), true);
        }
        String file = origin.filename() != null ? origin.filename() : origin.resource();
        if (file != null && origin.lineNumber() > 0) {
            return new ConfigLocation(file + ":" + origin.lineNumber(), false);
        }
        // e.g. "command line -Dtraining.steps: 1": the line of a one-line override says nothing
        return new ConfigLocation(origin.description().replaceFirst(": \\d+$", ""), false);
    }

    /**
     * The location of the value at {@code key}, or of the block itself when the key is absent (a component's
     * merged block carries the origin of the block the user wrote).
     *
     * @param config a configuration (a component's block, or a whole experiment)
     * @param key a path in it
     * @return where the value was written
     */
    public static ConfigLocation ofValue(Config config, String key) {
        return of(config.hasPathOrNull(key) ? config.getValue(key).origin() : config.origin());
    }

    /**
     * @param origin an origin (may be null)
     * @return whether it is a module's or plugin's {@code reference.conf}: a default, not the user's
     */
    public static boolean isDefault(ConfigOrigin origin) {
        if (origin == null) {
            return false;
        }
        URL url = origin.url();
        return "reference.conf".equals(origin.resource()) || url != null && url.toString().endsWith("/reference.conf");
    }

    /** @return whether the value is a default (from a {@code reference.conf}) rather than the user's */
    public boolean isDefault() {
        return isDefault;
    }

    /**
     * @param key the full key path
     * @param problem what is wrong and what was expected
     * @return the one-line message {@code <location>: <key>: <problem>}
     */
    public String describe(String key, String problem) {
        return text + ": " + key + ": " + problem;
    }

    /** The module or plugin a reference.conf belongs to: its jar's name without version, or its build folder's. */
    private static String owner(URL url) {
        if (url == null) {
            return "a reference.conf";
        }
        String s = url.toString();
        int bang = s.indexOf("!/");
        if (bang >= 0) {
            String jar = s.substring(s.lastIndexOf('/', bang) + 1, bang);
            return jar.replaceFirst("\\.(jar|zip)$", "").replaceFirst("-\\d[^/]*$", "");
        }
        String[] parts = s.split("/");
        for (int i = parts.length - 2; i > 0; i--) {
            if (parts[i].equals("target") || parts[i].equals("classes") && !parts[i - 1].equals("target")) {
                return parts[i - 1];
            }
        }
        return parts.length > 1 ? parts[parts.length - 2] : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigLocation other && other.text.equals(text) && other.isDefault == isDefault;
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, isDefault);
    }

    /** @return {@code file:line}, {@code default of <module>}, or the origin's description */
    @Override
    public String toString() {
        return text;
    }
}
