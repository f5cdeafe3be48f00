package io.deepbootstrap.data.array;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A {@link ByteSource} over a heap byte array (at most 2 GiB), used for small inflated archive members. */
public final class HeapByteSource implements ByteSource {
    private final ByteBuffer buffer;

    /** @param bytes the bytes, not copied */
    public HeapByteSource(byte[] bytes) {
        this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public long size() {
        return buffer.capacity();
    }

    @Override
    public byte get(long position) {
        return buffer.get(Math.toIntExact(position));
    }

    @Override
    public short getShort(long position) {
        return buffer.getShort(Math.toIntExact(position));
    }

    @Override
    public int getInt(long position) {
        return buffer.getInt(Math.toIntExact(position));
    }

    @Override
    public long getLong(long position) {
        return buffer.getLong(Math.toIntExact(position));
    }

    @Override
    public void get(long position, byte[] dst, int offset, int length) {
        buffer.get(Math.toIntExact(position), dst, offset, length);
    }
}
