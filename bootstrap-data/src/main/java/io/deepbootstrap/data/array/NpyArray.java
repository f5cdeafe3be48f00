package io.deepbootstrap.data.array;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * An NPY array over a {@link ByteSource}: a memory-mapped file or archive member, or an inflated copy.
 * Elements are addressed by their storage index (position in the raw data, whatever the order); use
 * {@link #storageIndex(long...)} to address by coordinates in C or Fortran order. Thread-safe for reads.
 */
public final class NpyArray {
    private final NpyHeader header;
    private final ByteSource content;
    private final String file;
    private final String member;
    private final long base;
    private final long[] strides;
    private final boolean swap;

    /**
     * Parses the header of NPY content and checks that the data are all there.
     *
     * @param content the NPY content (position 0 is the magic)
     * @param file the file, for messages
     * @param member the archive member or {@code null}, for messages
     * @param base the byte offset of the content in {@code file} (for messages; 0 for inflated members)
     * @throws MalformedFileException if the header is malformed or the data are truncated
     */
    public NpyArray(ByteSource content, String file, String member, long base) {
        this(content, parseHeader(content, file, member, base), file, member, base);
    }

    /**
     * An array whose layout is already known: raw data in NPY's layout (elements of {@code header.dtype()}
     * in C or Fortran order) at {@code header.dataOffset()} of {@code content}. This is how other formats
     * with a header of their own and the same raw data (IDX) are read.
     *
     * @param content the bytes
     * @param header the layout; its version is not used
     * @param file the file, for messages
     * @param member the archive member or {@code null}, for messages
     * @param base the byte offset of the content in {@code file} (for messages)
     * @throws MalformedFileException if the data are truncated
     */
    public NpyArray(ByteSource content, NpyHeader header, String file, String member, long base) {
        this.content = content;
        this.header = header;
        this.file = file;
        this.member = member;
        this.base = base;
        long needed = header.dataOffset() + header.dataLength();
        if (content.size() < needed) {
            throw new MalformedFileException(file, member, base + content.size(),
                    "truncated NPY data: header " + header + " needs " + header.dataLength() + " data bytes from byte "
                            + (base + header.dataOffset()) + ", but the " + (member == null ? "file" : "member")
                            + " ends after " + (content.size() - header.dataOffset()));
        }
        this.swap = header.dtype().order() == ByteOrder.BIG_ENDIAN;
        long[] shape = header.shape();
        this.strides = new long[shape.length];
        long s = 1;
        if (header.fortranOrder()) {
            for (int i = 0; i < shape.length; i++) {
                strides[i] = s;
                s *= shape[i];
            }
        } else {
            for (int i = shape.length - 1; i >= 0; i--) {
                strides[i] = s;
                s *= shape[i];
            }
        }
    }

    private static NpyHeader parseHeader(ByteSource content, String file, String member, long base) {
        try {
            return NpyHeader.parse((pos, len) -> {
                if (pos + len > content.size()) {
                    throw new EOFException();
                }
                byte[] b = new byte[len];
                content.get(pos, b, 0, len);
                return b;
            }, file, member, base);
        } catch (IOException e) {
            throw new IllegalStateException(e); // the reader above throws only EOFException, handled by parse
        }
    }

    /**
     * Memory-maps an NPY file (closing the file handle; the mapping stays valid).
     *
     * @param path the file
     * @return the array
     * @throws DataFileException naming the file if it is missing, a directory, unreadable, or not a
     *     well-formed NPY file ({@link MalformedFileException})
     */
    public static NpyArray open(Path path) {
        return new NpyArray(DataFiles.map(path), path.toString(), null, 0);
    }

    /** @return the parsed header */
    public NpyHeader header() {
        return header;
    }

    /** @return the element type */
    public DType dtype() {
        return header.dtype();
    }

    /** @return the dimensions */
    public long[] shape() {
        return header.shape();
    }

    /** @return the file this array is read from */
    public String file() {
        return file;
    }

    /** @return the archive member, or {@code null} */
    public String member() {
        return member;
    }

    /**
     * @param axis an axis
     * @return the distance, in elements, between neighbours along the axis (C or Fortran order)
     */
    public long stride(int axis) {
        return strides[axis];
    }

    /**
     * @param index one coordinate per axis
     * @return the storage index of that element
     */
    public long storageIndex(long... index) {
        if (index.length != strides.length) {
            throw new IllegalArgumentException("expected " + strides.length + " coordinates, got " + index.length);
        }
        long e = 0;
        for (int i = 0; i < index.length; i++) {
            e += index[i] * strides[i];
        }
        return e;
    }

    /**
     * @param element a storage index
     * @return the byte offset of that element in {@link #file()} (or in the uncompressed member)
     */
    public long byteOffset(long element) {
        return base + header.dataOffset() + element * header.dtype().size();
    }

    private long pos(long element) {
        return header.dataOffset() + element * header.dtype().size();
    }

    /**
     * @param element a storage index
     * @return the element converted to double (exact for every integer up to 2^53)
     */
    public double getDouble(long element) {
        long p = pos(element);
        DType t = header.dtype();
        return switch (t.kind()) {
            case 'f' -> t.size() == 4 ? Float.intBitsToFloat(int32(p)) : Double.longBitsToDouble(int64(p));
            case 'u' -> t.size() == 8 ? unsignedToDouble(int64(p)) : (double) integer(p, t);
            default -> (double) integer(p, t);
        };
    }

    /**
     * @param element a storage index
     * @return the element as a float
     */
    public float getFloat(long element) {
        DType t = header.dtype();
        if (t.kind() == 'f' && t.size() == 4) {
            return Float.intBitsToFloat(int32(pos(element)));
        }
        if (t.size() == 1) {
            byte b = content.get(pos(element));
            return t.kind() == 'u' ? (b & 0xFF) : b;
        }
        return (float) getDouble(element);
    }

    /**
     * @param element a storage index
     * @return the integer element; uint64 values above {@link Long#MAX_VALUE} come back negative
     * @throws IllegalStateException if the dtype is not an integer type
     */
    public long getLong(long element) {
        DType t = header.dtype();
        if (!t.isInteger()) {
            throw new IllegalStateException(DataFileException.describe(file, member, -1) + ": dtype " + t.descr() + " is not an integer type");
        }
        return integer(pos(element), t);
    }

    /**
     * Copies raw bytes of consecutive elements (for single-byte dtypes: the elements themselves).
     *
     * @param firstElement storage index of the first element
     * @param dst destination
     * @param offset start in {@code dst}
     * @param bytes number of bytes
     */
    public void getBytes(long firstElement, byte[] dst, int offset, int bytes) {
        content.get(pos(firstElement), dst, offset, bytes);
    }

    private long integer(long p, DType t) {
        boolean unsigned = t.kind() == 'u';
        return switch (t.size()) {
            case 1 -> unsigned ? content.get(p) & 0xFFL : content.get(p);
            case 2 -> {
                short v = content.getShort(p);
                if (swap) {
                    v = Short.reverseBytes(v);
                }
                yield unsigned ? v & 0xFFFFL : v;
            }
            case 4 -> {
                int v = int32(p);
                yield unsigned ? v & 0xFFFFFFFFL : v;
            }
            default -> int64(p);
        };
    }

    private int int32(long p) {
        int v = content.getInt(p);
        return swap ? Integer.reverseBytes(v) : v;
    }

    private long int64(long p) {
        long v = content.getLong(p);
        return swap ? Long.reverseBytes(v) : v;
    }

    private static double unsignedToDouble(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }

    @Override
    public String toString() {
        return DataFileException.describe(file, member, -1) + " " + header.dtype().descr() + (header.fortranOrder() ? " fortran-order " : " ")
                + header.shapeString();
    }
}
