package io.deepbootstrap.data.idx;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An IDX file (or a pair of images and labels files) is malformed. The message names the file(s) and
 * says what was expected and what was found.
 */
public class IdxFormatException extends IOException {

    private final transient Path file;

    /**
     * @param file the offending file
     * @param problem what is wrong, without the file name (it is prefixed)
     */
    public IdxFormatException(Path file, String problem) {
        super("IDX file " + file + ": " + problem);
        this.file = file;
    }

    /**
     * @param file the offending file
     * @param problem what is wrong, without the file name (it is prefixed)
     * @param cause the underlying error
     */
    public IdxFormatException(Path file, String problem, Throwable cause) {
        super("IDX file " + file + ": " + problem, cause);
        this.file = file;
    }

    private IdxFormatException(String message, Path file) {
        super(message);
        this.file = file;
    }

    /**
     * For problems that involve two files (e.g. images and labels that disagree): the message is used as
     * is and must name every file involved.
     *
     * @param file the main file, returned by {@link #file()}
     * @param fullMessage the complete message
     * @return the exception
     */
    public static IdxFormatException involving(Path file, String fullMessage) {
        return new IdxFormatException(fullMessage, file);
    }

    /** @return the file the problem was found in (for a pair: the labels file) */
    public Path file() {
        return file;
    }
}
