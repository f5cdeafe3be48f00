package io.deepbootstrap.core.registry;

/** Two providers registered one component name within a kind. */
public final class DuplicateComponentException extends RuntimeException {
    /** @param first the registration seen first @param second the clashing one */
    public DuplicateComponentException(ComponentRegistration first, ComponentRegistration second) {
        super("two providers of " + first.kind().id() + " '" + first.name() + "': " + first.describe()
                + " and " + second.describe());
    }
}
