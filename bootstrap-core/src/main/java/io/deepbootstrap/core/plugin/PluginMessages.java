package io.deepbootstrap.core.plugin;

/** Wording shared by the plugin loading classes: exceptions turned into one-line reasons. */
final class PluginMessages {
    private PluginMessages() {
    }

    /**
     * @param e an exception, or null
     * @param fallback what to say if it has no message
     * @return its message on one line, e.g. {@code zip END header not found}; an exception without a
     *     message is described by its cause, else by its simple type name
     */
    static String describe(Throwable e, String fallback) {
        if (e == null) {
            return fallback;
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            return cause != null && cause != e ? describe(cause, e.getClass().getSimpleName()) : e.getClass().getSimpleName();
        }
        return oneLine(message);
    }

    /**
     * @param e an exception
     * @return its type and message on one line, e.g. {@code ClassNotFoundException: test.Gone}
     */
    static String typed(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + oneLine(message));
    }

    /**
     * @param text any text, or null
     * @return the text with line breaks (and the blanks around them) replaced by one space
     */
    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
