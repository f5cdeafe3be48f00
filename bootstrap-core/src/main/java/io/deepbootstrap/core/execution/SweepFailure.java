package io.deepbootstrap.core.execution;

/** A sweep engine could not finish a sweep; the message says why in one sentence. */
public final class SweepFailure extends RuntimeException {
    /** @param message what failed @param cause the engine's exception */
    public SweepFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what failed */
    public SweepFailure(String message) {
        super(message);
    }
}
