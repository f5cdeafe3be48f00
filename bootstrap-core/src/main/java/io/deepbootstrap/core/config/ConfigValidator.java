package io.deepbootstrap.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks values a user wrote against the reference (defaults) they override: unknown keys and type
 * mismatches, reported with key and {@code file:line}. Typesafe Config's own {@code checkValid} does not
 * report unknown keys, which is the most common mistake (a typo silently ignored), hence this class.
 */
public final class ConfigValidator {

    private ConfigValidator() {
    }

    /**
     * Validates an object the user wrote against the reference object it is merged over.
     *
     * @param user what the user wrote (before merging with defaults), resolved
     * @param reference the defaults; every legal key is present
     * @param pathPrefix the full path of these objects, for messages ({@code ""} at the root)
     * @param skip keys of {@code user} that the caller validates itself (legal keys, listed as such)
     * @param problems where problems are added
     */
    public static void check(ConfigObject user, ConfigObject reference, String pathPrefix, Set<String> skip,
                             List<String> problems) {
        check(user, reference, pathPrefix, skip, "", problems);
    }

    /**
     * Validates a block whose legal keys depend on its kind (an optimizer's or a schedule's type): only
     * {@code allowed} keys of the reference are legal.
     *
     * @param user what the user wrote, resolved
     * @param reference the defaults of every kind
     * @param allowed the keys legal for this kind
     * @param path the block's full path
     * @param kind for messages, e.g. {@code "optimizer type sgd"}
     * @param problems where problems are added
     */
    public static void checkKeys(ConfigObject user, ConfigObject reference, Set<String> allowed, String path, String kind,
                                 List<String> problems) {
        ConfigObject legal = reference;
        for (String key : reference.keySet()) {
            if (!allowed.contains(key)) {
                legal = legal.withoutKey(key);
            }
        }
        check(user, legal, path, Set.of(), " for " + kind, problems);
    }

    private static void check(ConfigObject user, ConfigObject reference, String pathPrefix, Set<String> skip,
                              String note, List<String> problems) {
        for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
            String key = entry.getKey();
            if (skip.contains(key)) {
                continue;
            }
            String path = pathPrefix.isEmpty() ? quoteIfNeeded(key) : pathPrefix + "." + quoteIfNeeded(key);
            ConfigValue value = entry.getValue();
            ConfigValue ref = reference.get(key);
            if (ref == null) {
                Set<String> legal = new TreeSet<>(reference.keySet());
                legal.addAll(skip);
                problems.add(ConfigError.describe(value.origin(), path,
                        "unknown key" + note + "; expected one of: " + String.join(", ", legal)));
                continue;
            }
            checkValue(value, ref, path, problems);
        }
    }

    /** Compares one value with its reference value, recursing into objects. */
    static void checkValue(ConfigValue value, ConfigValue ref, String path, List<String> problems) {
        ConfigValueType expected;
        try {
            expected = ref.valueType();
        } catch (ConfigException.NotResolved e) {
            return; // a default built from a substitution that could not be resolved on its own: any type
        }
        ConfigValueType actual = value.valueType();
        if (expected == ConfigValueType.NULL || actual == ConfigValueType.NULL) {
            return; // null in the reference means "any"; null by the user means "unset" (checked on use)
        }
        if (expected == ConfigValueType.OBJECT) {
            if (actual != ConfigValueType.OBJECT) {
                problems.add(ConfigError.describe(value.origin(), path, "expected an object { ... }, found " + describe(value)));
                return;
            }
            if (((ConfigObject) ref).containsKey("type")) {
                return; // a nested component block: the component that owns it resolves and validates it by its type
            }
            check((ConfigObject) value, (ConfigObject) ref, path, Set.of(), problems);
            return;
        }
        if (!compatible(expected, value)) {
            problems.add(ConfigError.describe(value.origin(), path, "expected " + typeName(expected)
                    + " (like the default " + ref.render(ConfigRenderOptions.concise()) + "), found " + describe(value)));
            return;
        }
        if (expected == ConfigValueType.NUMBER && !finite(value)) {
            problems.add(ConfigError.describe(value.origin(), path, "expected a finite number, found " + value.render()));
            return;
        }
        if (expected == ConfigValueType.LIST && actual == ConfigValueType.LIST) {
            ConfigList refList = (ConfigList) ref;
            if (!refList.isEmpty() && refList.get(0).valueType() != ConfigValueType.OBJECT) {
                ConfigList list = (ConfigList) value;
                for (int i = 0; i < list.size(); i++) {
                    checkValue(list.get(i), refList.get(0), path + "[" + i + "]", problems);
                }
            }
        }
    }

    private static boolean compatible(ConfigValueType expected, ConfigValue value) {
        ConfigValueType actual = value.valueType();
        if (expected == actual) {
            return true;
        }
        if (actual == ConfigValueType.STRING) {
            String s = ((String) value.unwrapped()).trim();
            return switch (expected) {
                case NUMBER -> s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
                case BOOLEAN -> s.matches("true|false|yes|no|on|off");
                default -> false;
            };
        }
        // a number or boolean where a string is expected is fine (Config renders it as text)
        return expected == ConfigValueType.STRING && (actual == ConfigValueType.NUMBER || actual == ConfigValueType.BOOLEAN);
    }

    private static boolean finite(ConfigValue value) {
        Object v = value.unwrapped();
        double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(((String) v).trim());
        return Double.isFinite(d);
    }

    private static String typeName(ConfigValueType type) {
        return switch (type) {
            case NUMBER -> "a number";
            case STRING -> "a string";
            case BOOLEAN -> "true or false";
            case LIST -> "a list [ ... ]";
            case OBJECT -> "an object { ... }";
            case NULL -> "null";
        };
    }

    private static String describe(ConfigValue value) {
        return typeName(value.valueType()) + " " + value.render();
    }

    private static String quoteIfNeeded(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key + "\"";
    }

    /**
     * @param config a config
     * @param path a path that must hold an object
     * @return the object at path, or an empty object if absent
     */
    public static ConfigObject objectOrEmpty(Config config, String path) {
        return config.hasPath(path) ? config.getObject(path) : com.typesafe.config.ConfigFactory.empty().root();
    }
}
