package io.deepbootstrap.data.array;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A data file cannot be used: it is missing, a directory, unreadable, fails while being read or written,
 * or (subclass {@link MalformedFileException}) does not have the structure its format requires. The
 * message starts with the file, the archive member (if any) and the byte offset (if known), then says
 * what is wrong, e.g. {@code /data/part0.npz, member X.npy: corrupt DEFLATED data (invalid distance too
 * far back)}.
 */
public class DataFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String member;
    private final long offset;
    private final boolean access;

    /**
     * @param file the file, as the user would recognise it
     * @param member the archive member, or {@code null} for a plain file
     * @param offset the byte offset in {@code file} where the problem is, or -1 if unknown
     * @param problem what was expected and what was found
     */
    public DataFileException(String file, String member, long offset, String problem) {
        this(file, member, offset, problem, false, null);
    }

    private DataFileException(String file, String member, long offset, String problem, boolean access, Throwable cause) {
        super(describe(file, member, offset) + ": " + problem, cause);
        this.file = file;
        this.member = member;
        this.offset = offset;
        this.access = access;
    }

    /**
     * Names the file of a failed I/O operation and says in words what went wrong: "does not exist",
     * "permission denied", "is a directory, expected a file", or the system's reason.
     *
     * @param file the file
     * @param member the archive member, or {@code null}
     * @param doing what was being done, e.g. {@code "cannot read"} or {@code "cannot write"}
     * @param e the failure
     * @return the exception, with {@code e} as its cause
     */
    public static DataFileException io(Path file, String member, String doing, IOException e) {
        String reason;
        boolean access = true;
        if (e instanceof NoSuchFileException missing) {
            reason = file.toString().equals(missing.getFile()) ? "does not exist" : doing + ": " + missing.getFile() + " does not exist";
        } else if (e instanceof AccessDeniedException) {
            reason = doing + ": permission denied";
        } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
            reason = doing + ": " + fs.getReason();
        } else {
            access = false;
            reason = doing + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return new DataFileException(file.toString(), member, -1, reason, access, e);
    }

    /**
     * @param file a path that is a directory where a file is expected
     * @return the exception
     */
    public static DataFileException directory(Path file) {
        return new DataFileException(file.toString(), null, -1, "is a directory, expected a file", true, null);
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

    /**
     * @return true if the file could not be reached at all (missing, a directory, permission denied, or
     *     another file-system refusal), as opposed to a failure while reading or a malformed content; such
     *     problems are reported against the configuration key that named the path
     */
    public boolean isAccessProblem() {
        return access;
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
