package io.deepbootstrap.core.checkpoint;

/**
 * A checkpoint that cannot be restored: a value is missing, has another type or shape, or was written by
 * an incompatible version. The message names the value by its path in the {@link StateTree}.
 */
public final class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what does not fit, naming the value's path */
    public CheckpointException(String message) {
        super(message);
    }
}
