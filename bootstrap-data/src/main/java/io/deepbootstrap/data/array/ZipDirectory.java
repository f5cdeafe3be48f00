package io.deepbootstrap.data.array;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The central directory of a zip archive, parsed directly from its file channel: the end of central
 * directory record (searched for in the last 64 KiB), the Zip64 locator and end record when present, and
 * every entry, with 64-bit sizes and offsets from the Zip64 extra field where an entry defers to it. The
 * reading half of {@link NpzFile}; every problem is a {@link MalformedFileException} naming the file and
 * offset.
 */
final class ZipDirectory {
    /** Signature of a local file header. */
    static final int LOCAL_SIG = 0x04034b50;
    private static final int CENTRAL_SIG = 0x02014b50;
    private static final int EOCD_SIG = 0x06054b50;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;

    private final Path path;
    private final String file;
    private final FileChannel channel;
    private final long fileSize;

    /**
     * @param path the archive, for messages
     * @param channel its open channel (not closed here)
     * @throws IOException if the file's size cannot be read
     */
    ZipDirectory(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.file = path.toString();
        this.channel = channel;
        this.fileSize = channel.size();
    }

    /** @return the archive's size in bytes */
    long fileSize() {
        return fileSize;
    }

    /**
     * Reads a structure of the archive.
     *
     * @param position where it starts
     * @param length its length
     * @param member the member it belongs to, or {@code null}, for messages
     * @param what what it is, for messages
     * @return the bytes, little-endian
     * @throws MalformedFileException if the file ends before
     * @throws DataFileException if reading fails
     */
    ByteBuffer read(long position, int length, String member, String what) {
        if (position < 0 || position + length > fileSize) {
            throw new MalformedFileException(file, member, position,
                    "truncated " + what + ": " + length + " bytes expected, the file is " + fileSize + " bytes long");
        }
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (b.hasRemaining()) {
                int n = channel.read(b, position + b.position());
                if (n < 0) {
                    throw new MalformedFileException(file, member, position + b.position(), "unexpected end of file in " + what);
                }
            }
        } catch (IOException e) {
            throw DataFileException.io(path, member, "cannot read", e);
        }
        return b.flip();
    }

    /**
     * @return the members by name, in directory order
     * @throws MalformedFileException naming the file and offset if the end records or the directory are
     *     malformed or truncated
     */
    Map<String, NpzFile.Member> members() {
        Map<String, NpzFile.Member> members = new LinkedHashMap<>();
        if (fileSize < 22) {
            throw new MalformedFileException(file, null, 0, "not a zip archive: " + fileSize + " bytes, shorter than an end of central directory record");
        }
        int tail = (int) Math.min(fileSize, 22 + 65535);
        long tailStart = fileSize - tail;
        ByteBuffer t = read(tailStart, tail, null, "end of archive");
        int eocd = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (t.getInt(i) == EOCD_SIG && i + 22 + (t.getShort(i + 20) & 0xFFFF) <= tail) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            long firstInt = fileSize >= 4 ? read(0, 4, null, "start").getInt(0) : 0;
            throw new MalformedFileException(file, null, tailStart, "not a zip archive: no end of central directory record in the last "
                    + tail + " bytes" + (firstInt == LOCAL_SIG ? " (the file starts like a zip: truncated?)" : ""));
        }
        long eocdPos = tailStart + eocd;
        long entries = t.getShort(eocd + 10) & 0xFFFF;
        long cdSize = t.getInt(eocd + 12) & 0xFFFFFFFFL;
        long cdOffset = t.getInt(eocd + 16) & 0xFFFFFFFFL;
        if (eocdPos >= 20) {
            ByteBuffer loc = read(eocdPos - 20, 20, null, "zip64 end of central directory locator");
            if (loc.getInt(0) == ZIP64_LOCATOR_SIG) {
                long z64 = loc.getLong(8);
                ByteBuffer z = read(z64, 56, null, "zip64 end of central directory record");
                if (z.getInt(0) != ZIP64_EOCD_SIG) {
                    throw new MalformedFileException(file, null, z64, String.format(
                            "expected a zip64 end of central directory record (signature 0x%08x), found 0x%08x", ZIP64_EOCD_SIG, z.getInt(0)));
                }
                entries = z.getLong(32);
                cdSize = z.getLong(40);
                cdOffset = z.getLong(48);
            }
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > fileSize || cdSize > Integer.MAX_VALUE) {
            throw new MalformedFileException(file, null, eocdPos, "central directory of " + cdSize + " bytes at offset " + cdOffset
                    + " does not fit in the file of " + fileSize + " bytes (truncated?)");
        }
        ByteBuffer cd = read(cdOffset, (int) cdSize, null, "central directory");
        int p = 0;
        for (long e = 0; e < entries; e++) {
            long at = cdOffset + p;
            if (p + 46 > cdSize || cd.getInt(p) != CENTRAL_SIG) {
                throw new MalformedFileException(file, null, at, "expected central directory entry " + e + " of " + entries + " here");
            }
            int flags = cd.getShort(p + 8) & 0xFFFF;
            int method = cd.getShort(p + 10) & 0xFFFF;
            long crc = cd.getInt(p + 16) & 0xFFFFFFFFL;
            long csize = cd.getInt(p + 20) & 0xFFFFFFFFL;
            long usize = cd.getInt(p + 24) & 0xFFFFFFFFL;
            int nameLength = cd.getShort(p + 28) & 0xFFFF;
            int extraLength = cd.getShort(p + 30) & 0xFFFF;
            int commentLength = cd.getShort(p + 32) & 0xFFFF;
            long localOffset = cd.getInt(p + 42) & 0xFFFFFFFFL;
            if (p + 46 + nameLength + extraLength + commentLength > cdSize) {
                throw new MalformedFileException(file, null, at, "central directory entry runs past the directory's end");
            }
            byte[] nameBytes = new byte[nameLength];
            cd.get(p + 46, nameBytes);
            String name = new String(nameBytes, (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            int x = p + 46 + nameLength;
            int xEnd = x + extraLength;
            while (x + 4 <= xEnd) {
                int id = cd.getShort(x) & 0xFFFF;
                int len = cd.getShort(x + 2) & 0xFFFF;
                if (id == 0x0001) {
                    int q = x + 4;
                    int qEnd = Math.min(q + len, xEnd);
                    if (usize == 0xFFFFFFFFL) {
                        usize = need64(cd, q, qEnd, name, at, "uncompressed size");
                        q += 8;
                    }
                    if (csize == 0xFFFFFFFFL) {
                        csize = need64(cd, q, qEnd, name, at, "compressed size");
                        q += 8;
                    }
                    if (localOffset == 0xFFFFFFFFL) {
                        localOffset = need64(cd, q, qEnd, name, at, "local header offset");
                    }
                }
                x += 4 + len;
            }
            if (usize < 0 || csize < 0 || localOffset < 0 || localOffset >= fileSize) {
                throw new MalformedFileException(file, name, at, "central directory entry with local header offset " + localOffset
                        + " outside the file of " + fileSize + " bytes (truncated?)");
            }
            members.put(name, new NpzFile.Member(name, method, flags, csize, usize, localOffset, crc));
            p += 46 + nameLength + extraLength + commentLength;
        }
        return members;
    }

    private long need64(ByteBuffer cd, int q, int end, String name, long at, String what) {
        if (q + 8 > end) {
            throw new MalformedFileException(file, name, at, "the zip64 extra field lacks the " + what + " the entry defers to it");
        }
        return cd.getLong(q);
    }
}
