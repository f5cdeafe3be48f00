package io.deepbootstrap.data.array;

/**
 * Random read access to a region of bytes addressed by {@code long} positions (a memory-mapped file region
 * of any size, or a heap array). Multi-byte reads are little-endian. Reads are thread-safe.
 */
public interface ByteSource {

    /** @return the number of bytes */
    long size();

    /** @param position 0..size-1 @return the byte there */
    byte get(long position);

    /** @param position where the 2 bytes start @return them as a little-endian short */
    short getShort(long position);

    /** @param position where the 4 bytes start @return them as a little-endian int */
    int getInt(long position);

    /** @param position where the 8 bytes start @return them as a little-endian long */
    long getLong(long position);

    /**
     * Bulk read.
     *
     * @param position first byte
     * @param dst destination
     * @param offset where to start writing in {@code dst}
     * @param length number of bytes
     */
    void get(long position, byte[] dst, int offset, int length);
}
