package io.deepbootstrap.data.array;

/**
 * A data file does not have the structure its format requires (bad magic, bad header, unsupported
 * dtype, truncated or corrupt data, label out of range, missing member). The message names the file, the
 * member (for archives) and the byte offset where the problem was found, then says what was expected and
 * what was found.
 */
public class MalformedFileException extends DataFileException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file the file, as the user would recognise it
     * @param member the archive member, or {@code null} for a plain file
     * @param offset the byte offset in {@code file} where the problem is, or -1 if unknown
     * @param problem what was expected and what was found
     */
    public MalformedFileException(String file, String member, long offset, String problem) {
        super(file, member, offset, problem);
    }
}
