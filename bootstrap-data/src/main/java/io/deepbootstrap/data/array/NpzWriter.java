package io.deepbootstrap.data.array;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes NPZ archives of STORED (uncompressed) {@code <name>.npy} members, readable by {@code numpy.load}
 * and memory-mappable by {@link NpzFile}. Zip64 records (the zip64 extra field in local and central
 * headers, the zip64 end of central directory record and locator) are written when a size or offset
 * needs them, or always with {@code forceZip64} (numpy itself always gives members a zip64 local
 * header). Member data are streamed through {@link ArrayOutput}; the local header's CRC is patched in
 * place afterwards, so no data descriptors are used. Timestamps are fixed (1980-01-01) so equal content
 * gives equal files.
 *
 * <p>The archive is written under a temporary name and appears under its own name only when
 * {@link #finish()} has written the central directory (see {@link PendingFile}); {@link #close()} without
 * {@code finish()} (an exception while writing, a member left incomplete) discards it, so a crash never
 * leaves a half-written archive behind.
 *
 * <pre>{@code
 * try (NpzWriter npz = NpzWriter.create(path, true)) {
 *     npz.writeArray("X", header, data);
 *     npz.finish();
 * }
 * }</pre>
 */
public final class NpzWriter implements AutoCloseable {
    private static final long MAX32 = 0xFFFFFFFFL;
    private static final int DOS_DATE_1980 = (1 << 5) | 1;

    private record Entry(byte[] name, long offset, long size, long crc, boolean zip64) {
    }

    private final Path path;
    private final PendingFile file;
    private final FileChannel channel;
    private final boolean forceZip64;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private long position;
    private ArrayOutput open;
    private boolean failed;
    private boolean closed;

    private NpzWriter(Path path, boolean forceZip64) {
        this.path = path;
        this.forceZip64 = forceZip64;
        this.file = PendingFile.create(path);
        this.channel = file.channel();
    }

    /**
     * @param path the archive (replaced, atomically, by {@link #finish()})
     * @param forceZip64 write zip64 records even where 32-bit fields would do
     * @return a writer; add arrays, then {@link #finish()}, then close
     * @throws DataFileException naming the file if it cannot be created
     */
    public static NpzWriter create(Path path, boolean forceZip64) {
        return new NpzWriter(path, forceZip64);
    }

    /**
     * Starts the member {@code <name>.npy}. Write its data and close the returned output before starting
     * the next member.
     *
     * @param name the array name (without {@code .npy})
     * @param header the array's type, order and shape
     * @return where to write the data
     * @throws IOException if writing fails
     */
    public ArrayOutput beginArray(String name, NpyHeader header) throws IOException {
        if (open != null || failed || closed) {
            throw new IllegalStateException(closed ? path + " is finished or closed" : failed ? "a member of " + path + " failed"
                    : "close the previous member of " + path + " before starting " + name);
        }
        String memberName = name.endsWith(".npy") ? name : name + ".npy";
        if (!names.add(memberName)) {
            throw new IllegalArgumentException("duplicate member " + memberName + " in " + path);
        }
        byte[] nameBytes = memberName.getBytes(StandardCharsets.UTF_8);
        long size = header.encode().length + header.dataLength();
        boolean zip64 = forceZip64 || size >= MAX32 || position >= MAX32;
        long headerOffset = position;
        ByteBuffer local = ByteBuffer.allocate(30 + nameBytes.length + (zip64 ? 20 : 0)).order(ByteOrder.LITTLE_ENDIAN);
        local.putInt(0x04034b50).putShort((short) (zip64 ? 45 : 20)).putShort((short) 0x800).putShort((short) NpzFile.STORED)
                .putShort((short) 0).putShort((short) DOS_DATE_1980).putInt(0)
                .putInt(zip64 ? -1 : (int) size).putInt(zip64 ? -1 : (int) size)
                .putShort((short) nameBytes.length).putShort((short) (zip64 ? 20 : 0)).put(nameBytes);
        if (zip64) {
            local.putShort((short) 1).putShort((short) 16).putLong(size).putLong(size);
        }
        writeFully(local.flip(), position);
        position += local.capacity();
        open = new ArrayOutput(channel, position, header, path + " member " + memberName, new ArrayOutput.Completion() {
            @Override
            public void complete(long crc, long end) throws IOException {
                ByteBuffer c = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc).flip();
                writeFully(c, headerOffset + 14);
                entries.add(new Entry(nameBytes, headerOffset, size, crc, zip64));
                position = end;
                open = null;
            }

            @Override
            public void abort() {
                failed = true;
                open = null;
            }
        });
        return open;
    }

    /**
     * Writes a whole member from raw data bytes.
     *
     * @param name array name
     * @param header type, order and shape
     * @param data exactly {@code header.dataLength()} bytes
     * @throws IOException if writing fails
     */
    public void writeArray(String name, NpyHeader header, byte[] data) throws IOException {
        try (ArrayOutput out = beginArray(name, header)) {
            out.write(data);
        }
    }

    private void writeFully(ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            p += channel.write(b, p);
        }
    }

    /**
     * Writes the central directory and end records and installs the archive under its name.
     *
     * @throws IllegalStateException if a member is still open or failed
     * @throws IOException if writing fails (the archive is then discarded)
     */
    public void finish() throws IOException {
        if (closed) {
            throw new IllegalStateException(path + " is already finished or closed");
        }
        if (open != null || failed) {
            close();
            throw new IllegalStateException(failed ? "a member of " + path + " was not written completely; the archive is discarded"
                    : "member of " + path + " still open: close its ArrayOutput first");
        }
        closed = true;
        try {
            long cdOffset = position;
            for (Entry e : entries) {
                boolean z = e.zip64() || e.offset() >= MAX32;
                ByteBuffer c = ByteBuffer.allocate(46 + e.name().length + (z ? 28 : 0)).order(ByteOrder.LITTLE_ENDIAN);
                c.putInt(0x02014b50).putShort((short) (z ? 45 : 20)).putShort((short) (z ? 45 : 20)).putShort((short) 0x800)
                        .putShort((short) NpzFile.STORED).putShort((short) 0).putShort((short) DOS_DATE_1980).putInt((int) e.crc())
                        .putInt(z ? -1 : (int) e.size()).putInt(z ? -1 : (int) e.size())
                        .putShort((short) e.name().length).putShort((short) (z ? 28 : 0)).putShort((short) 0).putShort((short) 0)
                        .putShort((short) 0).putInt(0600 << 16).putInt(z ? -1 : (int) e.offset()).put(e.name());
                if (z) {
                    c.putShort((short) 1).putShort((short) 24).putLong(e.size()).putLong(e.size()).putLong(e.offset());
                }
                writeFully(c.flip(), position);
                position += c.capacity();
            }
            long cdSize = position - cdOffset;
            boolean zip64 = forceZip64 || entries.size() >= 0xFFFF || cdOffset >= MAX32 || cdSize >= MAX32;
            if (zip64) {
                long recordOffset = position;
                ByteBuffer z = ByteBuffer.allocate(56 + 20).order(ByteOrder.LITTLE_ENDIAN);
                z.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                        .putLong(entries.size()).putLong(entries.size()).putLong(cdSize).putLong(cdOffset);
                z.putInt(0x07064b50).putInt(0).putLong(recordOffset).putInt(1);
                writeFully(z.flip(), position);
                position += z.capacity();
            }
            ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
            short count = (short) (zip64 ? 0xFFFF : entries.size());
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort(count).putShort(count)
                    .putInt(zip64 ? -1 : (int) cdSize).putInt(zip64 ? -1 : (int) cdOffset).putShort((short) 0);
            writeFully(end.flip(), position);
            position += 22;
            channel.truncate(position);
            file.commit();
        } finally {
            file.close();
        }
    }

    /** Discards the archive unless {@link #finish()} installed it. */
    @Override
    public void close() {
        closed = true;
        file.close();
    }
}
