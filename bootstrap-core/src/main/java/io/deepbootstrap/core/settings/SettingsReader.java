package io.deepbootstrap.core.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import io.deepbootstrap.api.ComponentFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.config.ComponentConfigs.Resolved;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.config.ConfigValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Typed reads of the merged experiment configuration for the section parsers: every problem is collected
 * (with the key and the {@code file:line} of the value) instead of thrown, so that one parse reports them all.
 * A read that fails returns null.
 */
final class SettingsReader {
    private final Config merged;
    private final Config user;
    private final Config reference;
    private final ComponentConfigs components;
    private final List<String> problems;

    /**
     * @param merged the user's configuration merged over every default, resolved
     * @param user what the user wrote, resolved (for checks of the keys they wrote)
     * @param reference the defaults (for the keys legal in a block)
     * @param components resolves component blocks
     * @param problems where problems are collected
     */
    SettingsReader(Config merged, Config user, Config reference, ComponentConfigs components, List<String> problems) {
        this.merged = merged;
        this.user = user;
        this.reference = reference;
        this.components = components;
        this.problems = problems;
    }

    /** @param path a key @return whether the user's file or overrides set it */
    boolean written(String path) {
        return user.hasPath(path);
    }

    /**
     * Checks the keys the user wrote in a block whose legal keys depend on its kind (e.g. an optimizer's type).
     *
     * @param path the block
     * @param allowed the keys legal for this kind
     * @param kind for messages, e.g. {@code "optimizer type sgd"}
     * @return whether the block is free of unknown keys and wrong types (typed reads would repeat them)
     */
    boolean checkKeys(String path, Set<String> allowed, String kind) {
        int before = problems.size();
        if (user.hasPath(path) && user.getValue(path) instanceof ConfigObject block
                && reference.hasPath(path) && reference.getValue(path) instanceof ConfigObject legal) {
            ConfigValidator.checkKeys(block, legal, allowed, path, kind, problems);
        }
        return problems.size() == before;
    }

    /** @return the merged configuration */
    Config merged() {
        return merged;
    }

    /** @return the component resolver */
    ComponentConfigs components() {
        return components;
    }

    /** @return how many problems have been found so far (a parser compares it before and after) */
    int problemCount() {
        return problems.size();
    }

    /** @param problem one problem, already carrying key and location */
    void add(String problem) {
        problems.add(problem);
    }

    /** @param path a key @param message what is wrong with its value */
    void problem(String path, String message) {
        problems.add(at(path, message));
    }

    /** @return the problems list, for {@link ComponentConfigs#resolve} */
    List<String> problems() {
        return problems;
    }

    /**
     * @param path a key
     * @param getter reads it
     * @param expected what a valid value looks like, for the message
     * @param <T> its type
     * @return the value, or null (problem recorded)
     */
    <T> T get(String path, Supplier<T> getter, String expected) {
        try {
            return getter.get();
        } catch (ConfigException.Missing e) {
            problems.add(path + ": missing; expected " + expected);
        } catch (ConfigException e) {
            problems.add(at(path, "expected " + expected + ": " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            problems.add(at(path, e.getMessage()));
        }
        return null;
    }

    /**
     * A typed read through the API's {@link ConfigValues}: its failure (which names the value's file:line) is
     * recorded as a problem.
     *
     * @param path a key
     * @param expected what a valid value looks like, for the message when the key is missing
     * @param reader reads it from the merged configuration
     * @param <T> its type
     * @return the value, or null (problem recorded)
     */
    private <T> T value(String path, String expected, BiFunction<Config, String, T> reader) {
        if (!merged.hasPath(path)) {
            problems.add(path + ": missing; expected " + expected);
            return null;
        }
        try {
            return reader.apply(merged, path);
        } catch (ConfigValueException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** @param path a key @return its integer value, or null (also when the number written has a fraction) */
    Integer integer(String path) {
        return value(path, "an integer", ConfigValues::integer);
    }

    /** @param path a key @return its list of integers, or null (also when an element has a fraction) */
    List<Integer> integers(String path) {
        return value(path, "a list of integers", ConfigValues::intList);
    }

    /**
     * @param path a key
     * @param meaning appended to "expected an integer >= 0" in the message, e.g. {@code " (0 = all cores)"}
     * @return its integer value, or null (also when it is below 0)
     */
    Integer nonNegative(String path, String meaning) {
        Integer v = integer(path);
        if (v != null && v < 0) {
            problem(path, "expected an integer >= 0" + meaning + ", found " + v);
            return null;
        }
        return v;
    }

    /** @param path a key @return its integer value, or null (also when it is below 1) */
    Integer positive(String path) {
        return value(path, "an integer >= 1", ConfigValues::positiveInt);
    }

    /** @param path a key @return its value as a long, or null (also when the number written has a fraction) */
    Long longValue(String path) {
        return value(path, "an integer", ConfigValues::longValue);
    }

    /** @param path a key @return its number, or null (also when it is infinite or NaN) */
    Double number(String path) {
        return value(path, "a number", ConfigValues::finiteDouble);
    }

    /** @param path a key @param expected what it should be @return its string, or null */
    String string(String path, String expected) {
        return get(path, () -> merged.getString(path), expected);
    }

    /** @param path a key @return its boolean, or null */
    Boolean bool(String path) {
        return value(path, "true or false", ConfigValues::bool);
    }

    /**
     * A list of component blocks ({@code [ { type = ... }, ... ]}); absent means empty.
     *
     * @param kind the components' kind
     * @param path the list's key
     * @param frameworkKeys keys of each block that belong to the framework
     * @param <F> the factory type
     * @return the resolved blocks that are valid (problems recorded for the others)
     */
    <F extends ComponentFactory<?, ?>> List<Resolved<F>> componentList(ComponentKind kind, String path,
                                                                      Set<String> frameworkKeys) {
        List<Resolved<F>> out = new ArrayList<>();
        if (!merged.hasPath(path)) {
            return out;
        }
        ConfigList list;
        try {
            list = merged.getList(path);
        } catch (ConfigException e) {
            problem(path, "expected a list [ ... ] of " + kind.id() + " blocks");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            Resolved<F> r = components.resolve(kind, list.get(i), path + "[" + i + "]", frameworkKeys, problems);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * @param kind the component's kind
     * @param path the block's key
     * @param frameworkKeys keys of the block that belong to the framework
     * @param <F> the factory type
     * @return the resolved block, or null (problem recorded)
     */
    <F extends ComponentFactory<?, ?>> Resolved<F> component(ComponentKind kind, String path, Set<String> frameworkKeys) {
        return components.resolve(kind, merged.getValue(path), path, frameworkKeys, problems);
    }

    /**
     * @param path a key
     * @param message what is wrong
     * @return {@code file:line: path: message}, with the location of the value at path if there is one
     */
    String at(String path, String message) {
        return ConfigError.describe(merged.hasPath(path) ? merged.getValue(path).origin() : null, path, message);
    }
}
