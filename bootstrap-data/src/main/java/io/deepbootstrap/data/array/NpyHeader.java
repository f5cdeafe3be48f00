package io.deepbootstrap.data.array;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The header of an NPY file: magic {@code \x93NUMPY}, version (1, 2 or 3), a little-endian header length
 * (uint16 in version 1, uint32 in versions 2 and 3) and an ASCII (UTF-8 in version 3) Python dict literal
 * with {@code descr}, {@code fortran_order} and {@code shape}; the raw data follow at {@link #dataOffset()}.
 *
 * @param version the format's major version
 * @param dtype the element type
 * @param fortranOrder true if the data are in column-major (Fortran) order
 * @param shape the array's dimensions
 * @param dataOffset where the data start, relative to the start of the NPY content
 */
public record NpyHeader(int version, DType dtype, boolean fortranOrder, long[] shape, long dataOffset) {

    /** The 6 magic bytes every NPY file starts with. */
    public static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    public NpyHeader {
        shape = shape.clone();
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
    }

    /**
     * A header to write: the version and data offset are chosen by {@link #encode()}.
     *
     * @param dtype the element type
     * @param fortranOrder column-major order
     * @param shape dimensions
     * @return a header with version 1 and data offset 0 (to be encoded)
     */
    public static NpyHeader of(DType dtype, boolean fortranOrder, long... shape) {
        return new NpyHeader(1, dtype, fortranOrder, shape, 0);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @param axis an axis @return the size of that axis */
    public long dim(int axis) {
        return shape[axis];
    }

    /** @return the number of dimensions */
    public int rank() {
        return shape.length;
    }

    /** @return the number of elements (the product of the shape) */
    public long elementCount() {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** @return the number of data bytes */
    public long dataLength() {
        return Math.multiplyExact(elementCount(), (long) dtype.size());
    }

    /** @return the shape as numpy prints it, e.g. {@code (10, 32, 32, 3)} */
    public String shapeString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    /** Reads bytes of the NPY content at a position relative to its start. */
    @FunctionalInterface
    public interface Reader {
        /**
         * @param position position relative to the start of the NPY content
         * @param length number of bytes
         * @return exactly {@code length} bytes
         * @throws EOFException if the content ends before
         * @throws IOException if reading fails
         */
        byte[] read(long position, int length) throws IOException;
    }

    /**
     * Parses a header.
     *
     * @param reader reads the NPY content
     * @param file the file, for messages
     * @param member the archive member, or {@code null}, for messages
     * @param base the byte offset of the NPY content in {@code file}, for messages
     * @return the header
     * @throws MalformedFileException naming file, member and offset if the header is malformed
     * @throws IOException if reading fails
     */
    public static NpyHeader parse(Reader reader, String file, String member, long base) throws IOException {
        byte[] pre;
        try {
            pre = reader.read(0, 10);
        } catch (EOFException e) {
            throw new MalformedFileException(file, member, base, "not an NPY array: shorter than the 10-byte NPY preamble");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre[i] != MAGIC[i]) {
                throw new MalformedFileException(file, member, base,
                        "not an NPY array: expected magic \\x93NUMPY, found " + printable(pre, 6));
            }
        }
        int major = pre[6] & 0xFF;
        long headerLength;
        long headerStart;
        if (major == 1) {
            headerLength = (pre[8] & 0xFF) | (pre[9] & 0xFF) << 8;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            byte[] len;
            try {
                len = reader.read(8, 4);
            } catch (EOFException e) {
                throw new MalformedFileException(file, member, base + 8, "truncated NPY preamble");
            }
            headerLength = (len[0] & 0xFFL) | (len[1] & 0xFFL) << 8 | (len[2] & 0xFFL) << 16 | (len[3] & 0xFFL) << 24;
            headerStart = 12;
        } else {
            throw new MalformedFileException(file, member, base + 6,
                    "unsupported NPY version " + major + "." + (pre[7] & 0xFF) + " (supported: 1.x, 2.x, 3.x)");
        }
        if (headerLength > 1 << 24) {
            throw new MalformedFileException(file, member, base + 8, "implausible NPY header length " + headerLength);
        }
        byte[] headerBytes;
        try {
            headerBytes = reader.read(headerStart, (int) headerLength);
        } catch (EOFException e) {
            throw new MalformedFileException(file, member, base + headerStart,
                    "truncated NPY header: the preamble announces " + headerLength + " header bytes");
        }
        String text = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict;
        try {
            Object parsed = new PythonLiteral(text).parseTop();
            if (!(parsed instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("the header is not a dict");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) m;
            dict = typed;
        } catch (IllegalArgumentException e) {
            throw new MalformedFileException(file, member, base + headerStart,
                    "bad NPY header dict (" + e.getMessage() + "): " + abbreviate(text));
        }
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shapeValue = dict.get("shape");
        if (!(descr instanceof String) || !(fortran instanceof Boolean) || !(shapeValue instanceof List<?> shapeList)) {
            throw new MalformedFileException(file, member, base + headerStart,
                    "bad NPY header: expected keys 'descr' (a type string), 'fortran_order' (True/False) and 'shape' (a tuple), found "
                            + abbreviate(text));
        }
        DType dtype;
        try {
            dtype = DType.parse((String) descr);
        } catch (IllegalArgumentException e) {
            throw new MalformedFileException(file, member, base + headerStart, e.getMessage());
        }
        long[] shape = new long[shapeList.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long l) || l < 0) {
                throw new MalformedFileException(file, member, base + headerStart,
                        "bad NPY header: shape must be a tuple of non-negative integers, found " + shapeList);
            }
            shape[i] = l;
        }
        NpyHeader header = new NpyHeader(major, dtype, (Boolean) fortran, shape, headerStart + headerLength);
        try {
            header.dataLength();
        } catch (ArithmeticException e) {
            throw new MalformedFileException(file, member, base + headerStart, "shape " + header.shapeString() + " overflows 64 bits");
        }
        return header;
    }

    /**
     * Encodes this header as numpy does: version 1 unless the dict needs more than 65,535 bytes (then 2),
     * padded with spaces and a final newline so the data start at a multiple of 64 bytes.
     *
     * @return the preamble and header; the data follow immediately
     */
    public byte[] encode() {
        StringBuilder dict = new StringBuilder("{'descr': '").append(dtype.descr()).append("', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': ").append(shapeString()).append(", }");
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int version = text.length + 1 + 10 > 65535 ? 2 : 1;
        int preamble = version == 1 ? 10 : 12;
        int total = preamble + text.length + 1;
        int padded = (total + 63) / 64 * 64;
        int headerLength = padded - preamble;
        ByteArrayOutputStream out = new ByteArrayOutputStream(padded);
        out.writeBytes(MAGIC);
        out.write(version);
        out.write(0);
        out.write(headerLength & 0xFF);
        out.write(headerLength >>> 8 & 0xFF);
        if (version == 2) {
            out.write(headerLength >>> 16 & 0xFF);
            out.write(headerLength >>> 24 & 0xFF);
        }
        out.writeBytes(text);
        for (int i = total; i < padded; i++) {
            out.write(' ');
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** @return the header with the version and data offset {@link #encode()} produces */
    public NpyHeader encoded() {
        byte[] bytes = encode();
        return new NpyHeader(bytes[6], dtype, fortranOrder, shape, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.version == version && h.dtype.equals(dtype) && h.fortranOrder == fortranOrder
                && Arrays.equals(h.shape, shape) && h.dataOffset == dataOffset;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + dtype.hashCode();
    }

    @Override
    public String toString() {
        return "NPY v" + version + " " + dtype.descr() + (fortranOrder ? " fortran-order " : " ") + shapeString();
    }

    private static String printable(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n && i < b.length; i++) {
            int c = b[i] & 0xFF;
            sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
