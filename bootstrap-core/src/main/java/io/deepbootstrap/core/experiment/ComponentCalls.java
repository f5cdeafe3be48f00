package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.ComponentFactory;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.core.config.ConfigError;
import java.util.ConcurrentModificationException;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Calls a factory's {@code create()} and sorts what it throws: a problem with the configuration or the
 * data (a {@code ConfigException}, an {@code IllegalArgumentException}, a missing or malformed file, ...)
 * becomes a one-line {@link ConfigError} naming the configuration path (for a value the component refused with a
 * {@link ConfigValueException}: the value's file:line and its full path, the block's path and the component's key); an exception that only a bug
 * throws ({@code NullPointerException}, {@code ClassCastException}, index errors, a {@code LinkageError},
 * ...) becomes a {@link ComponentFailure} that keeps the exception, so that its type and stack trace are
 * shown.
 */
public final class ComponentCalls {
    private ComponentCalls() {
    }

    /**
     * @param path the block's configuration path, e.g. {@code evaluation.metrics[2]}
     * @param type the component's name
     * @param factory its factory
     * @param create the call
     * @param <T> what it creates
     * @return what it created
     * @throws ConfigError if it rejected its configuration or data
     * @throws ComponentFailure if it failed unexpectedly
     */
    public static <T> T create(String path, String type, ComponentFactory<?, ?> factory, Supplier<T> create) {
        try {
            return create.get();
        } catch (ConfigError | ComponentFailure e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            if (unexpected(e)) {
                throw new ComponentFailure(path + " (" + type + "): " + factory.getClass().getName() + " of " + origin(factory)
                        + " failed in create() with an unexpected " + e.getClass().getName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " (a bug in the component, see the stack trace)", e);
            }
            if (e instanceof ConfigValueException v && v.location() != null) {
                // a value of the block: its file:line first, then its full path, e.g. "exp.conf:7: architectures[0].hidden[0]: ..."
                throw new ConfigError(v.location().describe(path + "." + v.key(), v.problem()));
            }
            throw new ConfigError(path + " (" + type + "): " + e.getMessage());
        }
    }

    /**
     * @param e an exception thrown by a component
     * @return true if only a bug throws it
     */
    public static boolean unexpected(Throwable e) {
        return e instanceof LinkageError || e instanceof NullPointerException || e instanceof ClassCastException
                || e instanceof IndexOutOfBoundsException || e instanceof ArithmeticException || e instanceof ArrayStoreException
                || e instanceof NegativeArraySizeException || e instanceof UnsupportedOperationException
                || e instanceof ConcurrentModificationException || e instanceof NoSuchElementException;
    }

    private static String origin(ComponentFactory<?, ?> factory) {
        ClassLoader loader = factory.getClass().getClassLoader();
        return loader == ComponentCalls.class.getClassLoader() ? "the application" : String.valueOf(loader);
    }
}
