package io.deepbootstrap.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.deepbootstrap.api.ComponentFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.config.ConfigLocation;
import io.deepbootstrap.core.registry.ComponentRegistry;
import io.deepbootstrap.core.registry.UnknownComponentException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves a component block the user wrote ({@code { type = mlp, hidden = [256] }}) into its factory and
 * its full configuration: the user's keys merged over the component's defaults from
 * {@code bootstrap.components.<kind>.<type>}, after rejecting unknown keys and wrong types.
 */
public final class ComponentConfigs {
    private final ComponentRegistry registry;
    private final Config merged;

    /**
     * A key every data-source block accepts besides its component's own: {@code class-subset = [5, 6, 7]} keeps only
     * those classes, renumbered in list order (applied by the framework when it opens the source; absent or empty =
     * all classes). It stays in the resolved configuration, so it is part of the effective configuration and of any
     * cache key derived from the block.
     */
    public static final String CLASS_SUBSET = "class-subset";

    /**
     * @param registry the component registry
     * @param merged the fully merged configuration (holds every component's defaults)
     */
    public ComponentConfigs(ComponentRegistry registry, Config merged) {
        this.registry = registry;
        this.merged = merged;
    }

    /**
     * A resolved component block.
     *
     * @param type the component name
     * @param factory its factory
     * @param config its configuration (defaults filled in, framework keys removed)
     * @param <F> the factory type
     */
    public record Resolved<F extends ComponentFactory<?, ?>>(String type, F factory, Config config) {
    }

    /**
     * @param kind the component kind
     * @param value the block as written: an object with {@code type}, or (for brevity) just the type name
     * @param path the block's full path for messages, e.g. {@code architectures[1]}
     * @param frameworkKeys keys of the block that belong to the framework and are not passed on
     * @param problems where problems are added (the result is null if any were found for this block)
     * @param <F> the factory type
     * @return the resolved component, or null if the block is invalid
     */
    public <F extends ComponentFactory<?, ?>> Resolved<F> resolve(ComponentKind kind, ConfigValue value, String path,
                                                                  Set<String> frameworkKeys, List<String> problems) {
        ConfigObject block;
        if (value.valueType() == ConfigValueType.STRING) {
            block = ConfigFactory.empty().withValue("type", value).root().withOrigin(value.origin());
        } else if (value.valueType() == ConfigValueType.OBJECT) {
            block = (ConfigObject) value;
        } else {
            problems.add(ConfigError.describe(value.origin(), path,
                    "expected a " + kind.id() + " block { type = ... } or a type name, found " + value.render()));
            return null;
        }
        ConfigValue typeValue = block.get("type");
        if (typeValue == null || typeValue.valueType() != ConfigValueType.STRING) {
            problems.add(ConfigError.describe(block.origin(), path + ".type",
                    "missing " + kind.id() + " type; known: " + String.join(", ", registry.names(kind))));
            return null;
        }
        String type = (String) typeValue.unwrapped();
        F factory;
        try {
            factory = registry.factory(kind, type);
        } catch (UnknownComponentException e) {
            problems.add(ConfigError.describe(typeValue.origin(), path + ".type", e.getMessage()));
            return null;
        }
        String defaultsPath = kind.defaultsPath(type);
        Config defaults = merged.hasPath(defaultsPath) ? merged.getConfig(defaultsPath) : ConfigFactory.empty();
        Set<String> skip = new HashSet<>(frameworkKeys);
        skip.add("type");
        int before = problems.size();
        Set<String> unchecked = new HashSet<>(skip);
        if (kind == ComponentKind.DATA_SOURCE) {
            unchecked.add(CLASS_SUBSET);
            checkClassSubset(block.get(CLASS_SUBSET), path, problems);
        }
        ConfigValidator.check(block, defaults.root(), path, unchecked, problems);
        if (problems.size() > before) {
            return null;
        }
        // Rebuilt key by key (keeping each value's origin): an object that was merged over a non-object
        // default (e.g. null) ignores further fallbacks, which would drop the component's defaults.
        Config config = ConfigFactory.empty();
        for (var entry : block.entrySet()) {
            if (!skip.contains(entry.getKey())) {
                config = config.withValue("\"" + entry.getKey() + "\"", entry.getValue());
            }
        }
        // The block's own origin (the user's file:line) stays on the merged object, so that a component reporting
        // a problem with its block as a whole points at what the user wrote, not at a reference.conf.
        return new Resolved<>(type, factory, config.withFallback(defaults).resolve().root().withOrigin(origin(block)).toConfig());
    }

    private static void checkClassSubset(ConfigValue value, String path, List<String> problems) {
        if (value == null) {
            return;
        }
        boolean ok = value.valueType() == ConfigValueType.LIST && ((ConfigList) value).stream()
                .allMatch(v -> v.valueType() == ConfigValueType.NUMBER && v.unwrapped() instanceof Integer);
        if (!ok) {
            problems.add(ConfigError.describe(value.origin(), path + "." + CLASS_SUBSET,
                    "expected a list of class numbers, e.g. [5, 6, 7, 8, 9], found " + value.render(ConfigRenderOptions.concise())));
        }
    }

    /**
     * Where the user wrote a block: its own origin when it comes from one file, else (a block merged over its
     * section's defaults) the first value the user wrote in it; the defaults' origin if the user wrote none.
     */
    private static ConfigOrigin origin(ConfigObject block) {
        ConfigOrigin own = block.origin();
        if (own.filename() != null || !own.description().startsWith("merge of")) {
            return own;
        }
        ConfigOrigin first = null;
        for (ConfigValue v : block.values()) {
            ConfigOrigin o = v.origin();
            if (!ConfigLocation.isDefault(o) && (first == null || first.filename() == null && o.filename() != null
                    || o.filename() != null && o.filename().equals(first.filename()) && o.lineNumber() < first.lineNumber())) {
                first = o;
            }
        }
        return first != null ? first : own;
    }
}
