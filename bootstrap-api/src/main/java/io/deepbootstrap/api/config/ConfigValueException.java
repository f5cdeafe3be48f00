package io.deepbootstrap.api.config;

import com.typesafe.config.ConfigException;

/**
 * A configuration value that is missing, of the wrong type or out of range. Its message is one line,
 * {@code <location>: <key>: <problem>}, where the location is the offending <em>value's</em> origin
 * ({@link ConfigLocation}): the user's {@code file:line}, or {@code default of <module>} when the value is a
 * component's default. Being a {@link ConfigException}, it is reported by the framework as a configuration error
 * (exit code 2), like every other problem of the user's configuration.
 */
public class ConfigValueException extends ConfigException {
    private static final long serialVersionUID = 1L;

    private final transient ConfigLocation location;
    private final String key;
    private final String problem;

    /**
     * @param location where the offending value (or, for a missing key, its block) was written
     * @param key the key, as the component or section sees it
     * @param problem what is wrong and what was expected, e.g. {@code expected an integer >= 1, found 0}
     */
    public ConfigValueException(ConfigLocation location, String key, String problem) {
        super(location.describe(key, problem));
        this.location = location;
        this.key = key;
        this.problem = problem;
    }

    /** @return where the offending value was written (null after deserialization) */
    public ConfigLocation location() {
        return location;
    }

    /** @return the key whose value is wrong */
    public String key() {
        return key;
    }

    /** @return what is wrong and what was expected, without location and key */
    public String problem() {
        return problem;
    }
}
