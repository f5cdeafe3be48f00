package io.deepbootstrap.core.plugin;

/** Why one plugin (or one of its components) is refused: a one-line reason, without a stack trace. */
final class BadPluginException extends RuntimeException {
    /** @param reason what is wrong, in one line */
    BadPluginException(String reason) {
        super(reason, null, false, false);
    }
}
