package io.deepbootstrap.core.experiment;

/**
 * A component's own code failed unexpectedly while it was being created — a bug in the component (for
 * instance a {@code NullPointerException}, or a {@code NoClassDefFoundError} in a plugin built against
 * another version), not a problem with the user's configuration. Shown with the exception's type and stack
 * trace, and exit code 1.
 */
public final class ComponentFailure extends RuntimeException {
    /**
     * @param message what failed, naming the configuration path, the component and where it comes from
     * @param cause the unexpected exception
     */
    public ComponentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
