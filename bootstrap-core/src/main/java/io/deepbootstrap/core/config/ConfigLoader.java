package io.deepbootstrap.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads an experiment configuration: an optional HOCON file, {@code -Dkey=value} overrides from the
 * command line, and the defaults of every module's {@code reference.conf} (plus plugins').
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * What the user wrote, kept apart from the defaults so that it can be validated against them.
     *
     * @param user the user's file and overrides merged (no defaults; substitutions not yet resolved)
     * @param baseDirectory the directory relative paths in the configuration are resolved against
     */
    public record UserConfig(Config user, Path baseDirectory) {
    }

    /**
     * @param file the experiment file, or null for none (the default experiment)
     * @param overrides {@code key -> value} pairs; values are parsed as HOCON (so lists work)
     * @return the user's configuration
     * @throws ConfigError if the file is missing, a folder, empty or not valid HOCON, a required include is
     *     missing, or an override is malformed
     */
    public static UserConfig loadUser(Path file, Map<String, String> overrides) {
        Config user = ConfigFactory.empty();
        Path base = Path.of("").toAbsolutePath();
        if (file != null) {
            Path absolute = file.toAbsolutePath().normalize();
            user = parseFile(absolute);
            base = absolute.getParent() != null ? absolute.getParent() : base;
        }
        List<String> problems = new ArrayList<>();
        Config cli = ConfigFactory.empty();
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            try {
                Config one = ConfigFactory.parseString(o.getKey() + " = " + o.getValue(),
                        ConfigParseOptions.defaults().setOriginDescription("command line -D" + o.getKey()));
                cli = one.withFallback(cli);
            } catch (ConfigException e) {
                problems.add("command line -D" + o.getKey() + "=" + o.getValue() + ": not a valid key=value: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigError(problems);
        }
        return new UserConfig(cli.withFallback(user), base);
    }

    /** Parses the user's file by its absolute path, so that includes are found next to it. */
    private static Config parseFile(Path absolute) {
        if (Files.isDirectory(absolute)) {
            throw new ConfigError(absolute + ": is a directory; expected a HOCON experiment file (such as examples/default.conf)");
        }
        if (!Files.exists(absolute)) {
            throw new ConfigError(absolute + ": configuration file not found");
        }
        if (!Files.isReadable(absolute)) {
            throw new ConfigError(absolute + ": configuration file not readable (check its permissions)");
        }
        Config parsed;
        try {
            parsed = ConfigFactory.parseFile(absolute.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setAllowMissing(false).setIncluder(new IncludeResolver()));
        } catch (IncludeResolver.MissingInclude e) {
            throw new ConfigError(absolute + ": " + e.getMessage());
        } catch (ConfigException e) {
            throw new ConfigError(e.getMessage());
        }
        if (parsed.root().isEmpty()) {
            throw new ConfigError(absolute + ": the configuration file is empty (no keys, only comments or blank lines); "
                    + "write the keys to change, or run without a file for the default experiment");
        }
        return parsed;
    }

    /**
     * @param user the user's configuration
     * @param defaults the merged reference configuration of the application and its plugins
     * @return the resolved configuration (substitutions may use environment variables, e.g. {@code ${HOME}})
     * @throws ConfigError if a substitution cannot be resolved
     */
    public static Config merge(Config user, Config defaults) {
        try {
            return user.withFallback(defaults).resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
        } catch (ConfigException e) {
            throw new ConfigError(e.getMessage());
        }
    }

    /**
     * Reads one string key of the user's configuration before every default is known (the plugins that
     * contribute defaults are found through it), resolving substitutions against the given defaults.
     *
     * @param user the user's configuration
     * @param defaults the defaults known so far
     * @param path the key
     * @return its value
     * @throws ConfigError if it is not a string or refers to an unknown value
     */
    public static String earlyString(Config user, Config defaults, String path) {
        try {
            Config c = user.withFallback(defaults).resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
            return c.getString(path);
        } catch (ConfigException e) {
            throw new ConfigError(e.getMessage());
        }
    }

    /**
     * The keys the user wrote, with the values they have in the resolved whole: the user's configuration as it
     * must be validated (substitutions such as {@code ${HOME}} resolved, origins kept). A value written as an
     * unresolvable object (e.g. {@code training = ${x} { ... }}) is left out: its keys are unknown until resolved.
     *
     * @param user the user's configuration, unresolved
     * @param merged the user's configuration merged over every default, resolved
     * @return the user's keys with their resolved values
     */
    public static Config writtenByUser(Config user, Config merged) {
        return written(user.root(), merged.root()).toConfig();
    }

    private static ConfigObject written(ConfigObject user, ConfigObject merged) {
        ConfigObject out = ConfigFactory.empty().root().withOrigin(merged.origin());
        for (String key : user.keySet()) {
            ConfigValue resolved = merged.get(key);
            if (resolved == null) {
                continue; // e.g. an optional substitution ${?VAR} of a variable that is not set
            }
            ConfigValue mine = user.get(key);
            if (resolved instanceof ConfigObject mergedObject && mine instanceof ConfigObject userObject) {
                try {
                    out = out.withValue(key, written(userObject, mergedObject));
                } catch (ConfigException.NotResolved e) {
                    // an object built from a substitution: its keys cannot be listed before resolution
                }
            } else {
                out = out.withValue(key, resolved);
            }
        }
        return out;
    }

    /**
     * @param classLoader the class loader whose {@code reference.conf} resources are merged
     * @return the application's defaults, unresolved
     */
    public static Config defaults(ClassLoader classLoader) {
        return ConfigFactory.parseResourcesAnySyntax(classLoader, "reference.conf");
    }
}
