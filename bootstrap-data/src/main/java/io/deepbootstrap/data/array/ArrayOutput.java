package io.deepbootstrap.data.array;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;

/**
 * Writes the data of one NPY array (after its header) to a file channel: buffered, little-endian helpers,
 * a running CRC-32 of everything written (header included) and {@link #skip} to leave a sparse hole of
 * zeros. {@link #close()} checks that exactly the header's data length was written. Not thread-safe.
 */
public final class ArrayOutput implements AutoCloseable {
    private static final byte[] ZEROS = new byte[1 << 16];

    /** Told how writing the array ended. */
    interface Completion {
        /** The array is complete: its CRC-32 (header included) and the channel position after it. */
        void complete(long crc, long bytes) throws IOException;

        /** Writing failed or stopped short: the file must not be installed. */
        void abort();
    }

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32 crc = new CRC32();
    private final long expectedData;
    private final String what;
    private final Completion completion;
    private long position;
    private long written;
    private boolean closed;

    ArrayOutput(FileChannel channel, long position, NpyHeader header, String what, Completion completion) throws IOException {
        this.channel = channel;
        this.position = position;
        this.expectedData = header.dataLength();
        this.what = what;
        this.completion = completion;
        byte[] h = header.encode();
        buffer.put(h);
    }

    /** @return the number of data bytes written so far */
    public long dataBytesWritten() {
        return written;
    }

    private void room(int n) throws IOException {
        if (buffer.remaining() < n) {
            flush();
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        crc.update(buffer.duplicate());
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        buffer.clear();
    }

    /** @param b a byte to write */
    public void writeByte(int b) throws IOException {
        room(1);
        buffer.put((byte) b);
        written++;
    }

    /** @param v a little-endian 16-bit value */
    public void writeShort(short v) throws IOException {
        room(2);
        buffer.putShort(v);
        written += 2;
    }

    /** @param v a little-endian 32-bit int */
    public void writeInt(int v) throws IOException {
        room(4);
        buffer.putInt(v);
        written += 4;
    }

    /** @param v a little-endian 64-bit long */
    public void writeLong(long v) throws IOException {
        room(8);
        buffer.putLong(v);
        written += 8;
    }

    /** @param v a little-endian float32 */
    public void writeFloat(float v) throws IOException {
        writeInt(Float.floatToRawIntBits(v));
    }

    /** @param v a little-endian float64 */
    public void writeDouble(double v) throws IOException {
        writeLong(Double.doubleToRawLongBits(v));
    }

    /**
     * @param b bytes
     * @param off first
     * @param len count
     */
    public void write(byte[] b, int off, int len) throws IOException {
        int o = off;
        int remaining = len;
        while (remaining > 0) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int n = Math.min(remaining, buffer.remaining());
            buffer.put(b, o, n);
            o += n;
            remaining -= n;
        }
        written += len;
    }

    /** @param b bytes to write */
    public void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /**
     * Advances over {@code n} zero bytes without writing them: the file gets a hole (sparse on file
     * systems that support it). The CRC still covers the zeros.
     *
     * @param n bytes to skip
     */
    public void skip(long n) throws IOException {
        flush();
        long left = n;
        while (left > 0) {
            int k = (int) Math.min(left, ZEROS.length);
            crc.update(ZEROS, 0, k);
            left -= k;
        }
        position += n;
        written += n;
    }

    /**
     * Finishes the array. If it is incomplete or a write fails, the file it belongs to is abandoned (never
     * installed under its name).
     *
     * @throws IllegalStateException if the number of data bytes differs from the header's
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        boolean complete = false;
        try {
            flush();
            if (written != expectedData) {
                throw new IllegalStateException(what + ": wrote " + written + " data bytes, the header announces " + expectedData);
            }
            if (channel.size() < position) {
                // a trailing hole: make the file long enough
                channel.write(ByteBuffer.wrap(new byte[1]), position - 1);
            }
            completion.complete(crc.getValue(), position);
            complete = true;
        } finally {
            if (!complete) {
                completion.abort();
            }
        }
    }
}
