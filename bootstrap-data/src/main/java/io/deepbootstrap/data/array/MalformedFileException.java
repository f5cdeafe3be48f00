package io.deepbootstrap.data.array;

/**
 * A data file does not have the structure its format requires (bad magic, bad header, unsupported
 * dtype, truncated data, label out of range, missing member). The message names the file, the member
 * (for archives) and the byte offset where the problem was found, then says what was expected and
 * what was found.
 */
public class MalformedFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String member;
    private final long offset;

    /**
     * @param file the file, as the user would recognise it
     * @param member the archive member, or {@code null} for a plain file
     * @param offset the byte offset in {@code file} where the problem is, or -1 if unknown
     * @param problem what was expected and what was found
     */
    public MalformedFileException(String file, String member, long offset, String problem) {
        super(describe(file, member, offset) + ": " + problem);
        this.file = file;
        this.member = member;
        this.offset = offset;
    }

    /**
     * @param file the file
     * @param member the member or {@code null}
     * @param offset the offset or -1
     * @return e.g. {@code /data/part0.npz, member X.npy, byte offset 1234}
     */
    public static String describe(String file, String member, long offset) {
        StringBuilder sb = new StringBuilder(file);
        if (member != null) {
            sb.append(", member ").append(member);
        }
        if (offset >= 0) {
            sb.append(", byte offset ").append(offset);
        }
        return sb.toString();
    }

    /** @return the file named in the message */
    public String file() {
        return file;
    }

    /** @return the archive member, or {@code null} */
    public String member() {
        return member;
    }

    /** @return the byte offset in the file, or -1 */
    public long offset() {
        return offset;
    }
}
