package io.deepbootstrap.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
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
     * @param user the user's file and overrides merged (no defaults)
     * @param baseDirectory the directory relative paths in the configuration are resolved against
     */
    public record UserConfig(Config user, Path baseDirectory) {
    }

    /**
     * @param file the experiment file, or null for none (the default experiment)
     * @param overrides {@code key -> value} pairs; values are parsed as HOCON (so lists work)
     * @return the user's configuration
     * @throws ConfigError if the file is missing or not valid HOCON, or an override is malformed
     */
    public static UserConfig loadUser(Path file, Map<String, String> overrides) {
        Config user = ConfigFactory.empty();
        Path base = Path.of("").toAbsolutePath();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigError(file + ": configuration file not found");
            }
            try {
                user = ConfigFactory.parseFile(file.toFile(),
                        ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
            } catch (ConfigException e) {
                throw new ConfigError(e.getMessage());
            }
            Path parent = file.toAbsolutePath().getParent();
            base = parent != null ? parent : base;
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

    /**
     * @param user the user's configuration
     * @param defaults the merged reference configuration of the application and its plugins
     * @return the resolved configuration
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
     * @param classLoader the class loader whose {@code reference.conf} resources are merged
     * @return the application's defaults, unresolved
     */
    public static Config defaults(ClassLoader classLoader) {
        return ConfigFactory.parseResourcesAnySyntax(classLoader, "reference.conf");
    }
}
