package io.deepbootstrap.data.array;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * An NPZ archive (a zip of {@code <name>.npy} members), read by parsing the zip's central directory
 * directly, including Zip64 (64-bit sizes and offsets in the zip64 extra field, zip64 end of central
 * directory record and locator).
 *
 * <p>Member access policy:
 * <ul>
 *   <li><b>STORED</b> members (what {@code np.savez} writes) are memory-mapped in place at the member's
 *       data offset (local header offset + 30 + name length + extra length of the <i>local</i> header), in
 *       chunks of at most 1 GiB; nothing is extracted or copied onto the heap, whatever the member's size.
 *       CRCs are not verified (that would mean reading gigabytes up front).</li>
 *   <li><b>DEFLATED</b> members (what {@code np.savez_compressed} writes) cannot be addressed randomly.
 *       {@link #openStream} streams them through an {@link InflaterInputStream} for sequential readers.
 *       For random access, {@link #array} inflates a member of at most {@code maxInflatedBytes}
 *       uncompressed bytes once into a heap array; a larger member is inflated once, streaming, into a
 *       spill file under {@code spillDirectory} (reused while the archive is unchanged) which is then
 *       memory-mapped (see {@link DerivedFiles}). Without a spill directory a large DEFLATED member is an
 *       error. Inflating checks the member's size and CRC-32 against the directory: corrupt or truncated
 *       compressed data are a {@link MalformedFileException} naming the file, the member and its offset.</li>
 * </ul>
 * The file handle is kept open until {@link #close()}; arrays obtained from this archive stay readable
 * after it is closed (their mappings outlive the channel).
 */
public final class NpzFile implements AutoCloseable {
    /** Compression method: none. */
    public static final int STORED = 0;
    /** Compression method: deflate. */
    public static final int DEFLATED = 8;

    /**
     * A member of the archive, from its central directory entry.
     *
     * @param name the member's name in the zip, e.g. {@code X.npy}
     * @param method {@link #STORED} or {@link #DEFLATED} (others are rejected on access)
     * @param flags the general purpose flags
     * @param compressedSize bytes stored in the archive
     * @param size uncompressed bytes
     * @param localHeaderOffset where the member's local header starts
     * @param crc the CRC-32 the directory records
     */
    public record Member(String name, int method, int flags, long compressedSize, long size, long localHeaderOffset, long crc) {
        /** @return the member's name without a trailing {@code .npy} */
        public String arrayName() {
            return name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        }
    }

    private final Path path;
    private final String file;
    private final FileChannel channel;
    private final ZipDirectory zip;
    private final Map<String, Member> members;

    private NpzFile(Path path) {
        this.path = path;
        this.file = path.toString();
        this.channel = DataFiles.openForReading(path);
        try {
            this.zip = new ZipDirectory(path, channel);
            this.members = zip.members();
        } catch (IOException e) {
            closeQuietly();
            throw DataFileException.io(path, null, "cannot read", e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            // already failing with a better message
        }
    }

    /**
     * Opens an archive and reads its central directory.
     *
     * @param path the .npz file
     * @return the archive
     * @throws DataFileException naming the file if it cannot be read, or is not a readable zip
     *     ({@link MalformedFileException})
     */
    public static NpzFile open(Path path) {
        return new NpzFile(path);
    }

    /** @return the archive's path */
    public Path path() {
        return path;
    }

    /** @return the members in directory order */
    public List<Member> members() {
        return List.copyOf(members.values());
    }

    /** @return the array names (member names without {@code .npy}) in directory order */
    public List<String> arrayNames() {
        return members.values().stream().map(Member::arrayName).toList();
    }

    /**
     * @param name an array name ({@code X}) or member name ({@code X.npy})
     * @return the member
     * @throws MalformedFileException listing the members if there is no such member
     */
    public Member member(String name) {
        Member m = members.get(name);
        if (m == null) {
            m = members.get(name + ".npy");
        }
        if (m == null) {
            throw new MalformedFileException(file, name + ".npy", -1, "no such member; the archive holds " + arrayNames());
        }
        return m;
    }

    /**
     * The byte offset where a member's data start: local header offset + 30 + the local header's name
     * length + the local header's extra field length (which may differ from the central directory's).
     *
     * @param m a member
     * @return the absolute offset of its (compressed) data
     * @throws DataFileException naming the file and member if reading fails or the header is malformed
     */
    public long dataOffset(Member m) {
        ByteBuffer local = zip.read(m.localHeaderOffset(), 30, m.name(), "local file header");
        if (local.getInt(0) != ZipDirectory.LOCAL_SIG) {
            throw new MalformedFileException(file, m.name(), m.localHeaderOffset(), String.format(
                    "expected a local file header (signature 0x%08x), found 0x%08x", ZipDirectory.LOCAL_SIG, local.getInt(0)));
        }
        int nameLength = local.getShort(26) & 0xFFFF;
        int extraLength = local.getShort(28) & 0xFFFF;
        long data = m.localHeaderOffset() + 30 + nameLength + extraLength;
        if (data + m.compressedSize() > zip.fileSize()) {
            throw new MalformedFileException(file, m.name(), data,
                    "truncated member: " + m.compressedSize() + " bytes expected from here, the file has " + Math.max(0, zip.fileSize() - data));
        }
        return data;
    }

    /**
     * Opens a member as an array for random access, following the class's policy.
     *
     * @param name array or member name
     * @param maxInflatedBytes the largest DEFLATED member inflated onto the heap
     * @param spillDirectory where larger DEFLATED members are inflated to, or {@code null}
     * @return the array
     * @throws DataFileException naming the file and member if the member is missing, malformed, corrupt
     *     or cannot be read, or (naming the directory) if the spill directory cannot be written
     */
    public NpyArray array(String name, long maxInflatedBytes, Path spillDirectory) {
        Member m = member(name);
        checkReadable(m);
        long data = dataOffset(m);
        try {
            if (m.method() == STORED) {
                if (m.compressedSize() != m.size()) {
                    throw new MalformedFileException(file, m.name(), m.localHeaderOffset(),
                            "STORED member with compressed size " + m.compressedSize() + " != size " + m.size());
                }
                return new NpyArray(new MappedByteSource(channel, data, m.size()), file, m.name(), data);
            }
            if (m.size() <= maxInflatedBytes && m.size() <= Integer.MAX_VALUE - 8) {
                byte[] bytes = new byte[(int) m.size()];
                try (CheckedInputStream in = new CheckedInputStream(openStream(name), new CRC32())) {
                    int n = in.readNBytes(bytes, 0, bytes.length);
                    if (n != bytes.length || in.read() >= 0) {
                        throw sizeMismatch(m, data, n + (n == bytes.length ? " or more" : ""));
                    }
                    checkCrc(m, data, in.getChecksum().getValue());
                }
                return new NpyArray(new HeapByteSource(bytes), file, m.name() + " (inflated; offsets are within the member)", 0);
            }
            if (spillDirectory == null) {
                throw new MalformedFileException(file, m.name(), data, "DEFLATED member of " + m.size()
                        + " bytes is larger than the " + maxInflatedBytes + " bytes allowed on the heap and no spill directory is set;"
                        + " re-save the archive uncompressed (np.savez) or raise the limit");
            }
            Path spill = DerivedFiles.get(spillDirectory, path, m.name() + "\n" + m.crc(), "inflated", size -> size == m.size(), out -> {
                try (CheckedInputStream in = new CheckedInputStream(openStream(m.name()), new CRC32())) {
                    long n = in.transferTo(out);
                    if (n != m.size()) {
                        throw sizeMismatch(m, data, String.valueOf(n));
                    }
                    checkCrc(m, data, in.getChecksum().getValue());
                }
            });
            return new NpyArray(DataFiles.map(spill), file, m.name() + " (inflated to " + spill + ")", 0);
        } catch (ZipException | EOFException e) {
            throw new MalformedFileException(file, m.name(), data, (e instanceof EOFException ? "truncated" : "corrupt")
                    + " DEFLATED data" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        } catch (IOException e) {
            throw DataFileException.io(path, m.name(), "cannot read", e);
        }
    }

    private void checkCrc(Member m, long data, long crc) {
        if (crc != m.crc()) {
            throw new MalformedFileException(file, m.name(), data, String.format("corrupt DEFLATED data: the inflated member has CRC-32 %08x,"
                    + " the directory says %08x", crc, m.crc()));
        }
    }

    private MalformedFileException sizeMismatch(Member m, long data, String inflated) {
        return new MalformedFileException(file, m.name(), data, "DEFLATED member inflates to " + inflated + " bytes, the directory says " + m.size());
    }

    /**
     * Streams a member's NPY content (inflating DEFLATED members), for sequential readers.
     *
     * @param name array or member name
     * @return a stream of the uncompressed member; the caller closes it. Reading a corrupt DEFLATED member
     *     throws a {@link java.util.zip.ZipException}, a truncated one an {@link EOFException}.
     * @throws IOException if the archive cannot be opened again
     * @throws DataFileException naming the file and member if the member is missing or malformed
     */
    public InputStream openStream(String name) throws IOException {
        Member m = member(name);
        checkReadable(m);
        long data = dataOffset(m);
        FileChannel ch = DataFiles.openForReading(path);
        ch.position(data);
        InputStream raw = new BoundedInputStream(Channels.newInputStream(ch), m.compressedSize());
        if (m.method() == STORED) {
            return new BufferedInputStream(raw, 1 << 16);
        }
        Inflater inflater = new Inflater(true);
        return new InflaterInputStream(new BufferedInputStream(raw, 1 << 16), inflater, 1 << 16) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    super.close();
                    inflater.end();
                }
            }
        };
    }

    private void checkReadable(Member m) {
        if ((m.flags() & 1) != 0) {
            throw new MalformedFileException(file, m.name(), m.localHeaderOffset(), "encrypted members are not supported");
        }
        if (m.method() != STORED && m.method() != DEFLATED) {
            throw new MalformedFileException(file, m.name(), m.localHeaderOffset(),
                    "unsupported compression method " + m.method() + " (supported: 0 STORED, 8 DEFLATED)");
        }
    }

    /** Closes the file handle (mapped members stay readable). */
    @Override
    public void close() {
        closeQuietly();
    }

    @Override
    public String toString() {
        return file + " " + members.keySet();
    }
}
