package io.deepbootstrap.data.array;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A {@link ByteSource} over a region of a file of any length, memory-mapped read-only in chunks (a single
 * {@link MappedByteBuffer} cannot exceed 2 GiB). Chunks overlap by 7 bytes so that no element of up to 8
 * bytes straddles two mappings. Nothing is copied onto the heap; the operating system pages the file in
 * on demand, so a multi-gigabyte array costs address space, not heap. The channel may be closed once this
 * object is built: mappings stay valid until they are garbage-collected.
 */
public final class MappedByteSource implements ByteSource {
    /** The default chunk size: 1 GiB. */
    public static final int DEFAULT_CHUNK_BITS = 30;
    private static final int OVERLAP = 7;

    private final long size;
    private final int chunkBits;
    private final long chunkMask;
    private final MappedByteBuffer[] chunks;

    /**
     * Maps {@code length} bytes of {@code channel} starting at {@code base}, in 1 GiB chunks.
     *
     * @param channel an open readable file channel
     * @param base the first byte, any {@code long}
     * @param length the number of bytes
     * @throws IOException if mapping fails
     */
    public MappedByteSource(FileChannel channel, long base, long length) throws IOException {
        this(channel, base, length, DEFAULT_CHUNK_BITS);
    }

    /**
     * @param channel an open readable file channel
     * @param base the first byte
     * @param length the number of bytes
     * @param chunkBits log2 of the chunk size, 3..30 (small values exercise chunk crossings in tests)
     * @throws IOException if mapping fails
     */
    public MappedByteSource(FileChannel channel, long base, long length, int chunkBits) throws IOException {
        if (chunkBits < 3 || chunkBits > 30) {
            throw new IllegalArgumentException("chunkBits must be in 3..30, got " + chunkBits);
        }
        this.size = length;
        this.chunkBits = chunkBits;
        this.chunkMask = (1L << chunkBits) - 1;
        int count = (int) ((length + chunkMask) >>> chunkBits);
        this.chunks = new MappedByteBuffer[count];
        for (int i = 0; i < count; i++) {
            long start = (long) i << chunkBits;
            long len = Math.min(length - start, (1L << chunkBits) + OVERLAP);
            MappedByteBuffer b = channel.map(FileChannel.MapMode.READ_ONLY, base + start, len);
            b.order(ByteOrder.LITTLE_ENDIAN);
            chunks[i] = b;
        }
    }

    @Override
    public long size() {
        return size;
    }

    private MappedByteBuffer chunk(long position, int width) {
        if (position < 0 || position + width > size) {
            throw new IndexOutOfBoundsException("byte " + position + " (+" + width + ") outside 0.." + size);
        }
        return chunks[(int) (position >>> chunkBits)];
    }

    @Override
    public byte get(long position) {
        return chunk(position, 1).get((int) (position & chunkMask));
    }

    @Override
    public short getShort(long position) {
        return chunk(position, 2).getShort((int) (position & chunkMask));
    }

    @Override
    public int getInt(long position) {
        return chunk(position, 4).getInt((int) (position & chunkMask));
    }

    @Override
    public long getLong(long position) {
        return chunk(position, 8).getLong((int) (position & chunkMask));
    }

    @Override
    public void get(long position, byte[] dst, int offset, int length) {
        if (position < 0 || position + length > size) {
            throw new IndexOutOfBoundsException("bytes " + position + "..+" + length + " outside 0.." + size);
        }
        long p = position;
        int o = offset;
        int remaining = length;
        while (remaining > 0) {
            int local = (int) (p & chunkMask);
            int n = (int) Math.min(remaining, (1L << chunkBits) - local);
            chunks[(int) (p >>> chunkBits)].get(local, dst, o, n);
            p += n;
            o += n;
            remaining -= n;
        }
    }
}
