package io.deepbootstrap.data.idx;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST.
 *
 * <p>Layout: a 4-byte magic number {@code 00 00 <type> <ndims>}, then {@code ndims} big-endian int32
 * dimension sizes, then the elements in C order (last index fastest), big-endian. Type codes:
 * {@code 0x08} ubyte, {@code 0x09} byte, {@code 0x0B} short, {@code 0x0C} int, {@code 0x0D} float,
 * {@code 0x0E} double (see {@link IdxType}).
 *
 * <p>Files may be gzip-compressed: compression is detected from the gzip magic bytes {@code 1f 8b},
 * not from the file name. A file whose data is shorter than its dimensions require, or which has bytes
 * after the data, is rejected with an {@link IdxFormatException} that names the file and gives both
 * byte counts. (Bytes after the end of a gzip stream are not detected: the JDK's gzip reader ignores
 * them.)
 *
 * <p>Usage:
 * <pre>{@code
 * IdxArray images = IdxReader.read(Path.of("train-images-idx3-ubyte.gz"));
 * int n = images.dim(0);                 // 60000
 * byte[] pixels = images.bytes();        // n * 28 * 28 unsigned bytes, C order
 * }</pre>
 */
public final class IdxReader {

    /** The largest number of elements one file may hold (Java array limit). */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private static final int CHUNK = 1 << 16;

    private IdxReader() {
    }

    /**
     * Reads a whole IDX file, raw or gzip-compressed.
     *
     * @param file the file
     * @return its type, dimensions and elements
     * @throws NoSuchFileException if the file does not exist
     * @throws IdxFormatException if the file is not a well-formed IDX file (the message says why)
     * @throws IOException on other read errors
     */
    public static IdxArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file);
        }
    }

    /**
     * Reads a whole IDX stream, raw or gzip-compressed. The stream is read to its end but not closed.
     *
     * @param in the stream
     * @param name the file name to use in messages and in {@link IdxArray#source()}
     * @return its type, dimensions and elements
     * @throws IdxFormatException if the data is not well-formed IDX (the message says why)
     * @throws IOException on read errors
     */
    public static IdxArray read(InputStream in, Path name) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, CHUNK);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        InputStream data = buffered;
        if (gzip) {
            try {
                data = new GZIPInputStream(buffered, CHUNK);
            } catch (ZipException | EOFException e) {
                throw new IdxFormatException(name, "corrupt gzip header: " + e.getMessage(), e);
            }
        }
        try {
            return readIdx(data, name, gzip);
        } catch (ZipException e) {
            throw new IdxFormatException(name, "corrupt gzip data: " + e.getMessage(), e);
        }
    }

    private static IdxArray readIdx(InputStream in, Path name, boolean gzip) throws IOException {
        byte[] magic = new byte[4];
        int got = readFully(in, magic, 0, 4);
        if (got < 4) {
            throw new IdxFormatException(name, "truncated header: expected 4 bytes of magic number 00 00 <type> <ndims>"
                    + ", found " + got + (gzip ? " (after gzip decompression)" : ""));
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxFormatException(name, "bad magic number: expected 00 00 <type> <ndims>, found "
                    + hex(magic) + (gzip ? " (after gzip decompression)" : ""));
        }
        int code = magic[2] & 0xff;
        IdxType type = IdxType.ofCode(code);
        if (type == null) {
            throw new IdxFormatException(name, String.format(Locale.ROOT,
                    "unknown data type code 0x%02x in magic number %s; expected one of %s",
                    code, hex(magic), IdxType.validCodes()));
        }
        int ndims = magic[3] & 0xff;
        byte[] dimBytes = new byte[4 * ndims];
        got = readFully(in, dimBytes, 0, dimBytes.length);
        if (got < dimBytes.length) {
            throw new IdxFormatException(name, "truncated header: expected " + dimBytes.length
                    + " bytes of dimension sizes for " + ndims + " dimensions, found " + got);
        }
        ByteBuffer dimBuffer = ByteBuffer.wrap(dimBytes).order(ByteOrder.BIG_ENDIAN);
        int[] dims = new int[ndims];
        for (int i = 0; i < ndims; i++) {
            dims[i] = dimBuffer.getInt();
            if (dims[i] < 0) {
                throw new IdxFormatException(name, "dimension " + i + " has size " + dims[i]
                        + " (as a signed big-endian int32); expected a size >= 0");
            }
        }
        long count = IdxArray.elementCount(dims);
        if (count > MAX_ELEMENTS) {
            throw new IdxFormatException(name, "dimensions " + IdxArray.shapeString(dims) + " hold " + count
                    + " elements; at most " + MAX_ELEMENTS + " per file are supported");
        }
        int n = (int) count;
        long expectedBytes = count * type.bytes();
        Object data = switch (type) {
            case UBYTE, BYTE -> new byte[n];
            case SHORT -> new short[n];
            case INT -> new int[n];
            case FLOAT -> new float[n];
            case DOUBLE -> new double[n];
        };
        long read = 0;
        boolean gzipEnded = false;
        try {
            if (data instanceof byte[] bytes) {
                read = readFully(in, bytes, 0, n);
            } else {
                read = readConverted(in, type, data, n);
            }
        } catch (EOFException e) {
            if (!gzip) {
                throw e;
            }
            gzipEnded = true;
            read = -1;
        }
        if (read < expectedBytes) {
            throw new IdxFormatException(name, "truncated data: dimensions " + IdxArray.shapeString(dims) + " of "
                    + type.label() + " need " + expectedBytes + " bytes, found "
                    + (gzipEnded ? "fewer: the gzip stream ends early (truncated .gz file)" : String.valueOf(read)));
        }
        long trailing = in.transferTo(OutputStream.nullOutputStream());
        if (trailing > 0) {
            throw new IdxFormatException(name, trailing + " trailing bytes after the " + expectedBytes
                    + " data bytes of dimensions " + IdxArray.shapeString(dims) + " of " + type.label()
                    + " (file holds " + (expectedBytes + trailing) + " data bytes)");
        }
        return new IdxArray(name, type, dims, data);
    }

    /** Reads big-endian multi-byte elements in chunks; returns the number of bytes read. */
    private static long readConverted(InputStream in, IdxType type, Object data, int n) throws IOException {
        int size = type.bytes();
        int perChunk = CHUNK / size;
        byte[] chunk = new byte[perChunk * size];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(ByteOrder.BIG_ENDIAN);
        long total = 0;
        int done = 0;
        while (done < n) {
            int want = Math.min(perChunk, n - done);
            int got = readFully(in, chunk, 0, want * size);
            total += got;
            int whole = got / size;
            buffer.clear();
            switch (type) {
                case SHORT -> buffer.asShortBuffer().get((short[]) data, done, whole);
                case INT -> buffer.asIntBuffer().get((int[]) data, done, whole);
                case FLOAT -> buffer.asFloatBuffer().get((float[]) data, done, whole);
                case DOUBLE -> buffer.asDoubleBuffer().get((double[]) data, done, whole);
                default -> throw new AssertionError(type);
            }
            done += whole;
            if (got < want * size) {
                break;
            }
        }
        return total;
    }

    /** Reads up to {@code len} bytes, fewer only at end of stream; returns the number read. */
    private static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int r = in.read(b, off + total, len - total);
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format(Locale.ROOT, "%02x", b & 0xff));
        }
        return sb.toString();
    }
}
