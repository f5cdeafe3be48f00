package io.deepbootstrap.data.array;

import java.nio.ByteOrder;
import java.util.Locale;

/**
 * A NumPy scalar type as written in an NPY header's {@code descr}: kind (unsigned, signed, float), size in
 * bytes and byte order. Supported: {@code u1 u2 u4 u8 i1 i2 i4 i8 f4 f8} in either byte order.
 *
 * @param kind {@code 'u'}, {@code 'i'} or {@code 'f'}
 * @param size bytes per element
 * @param order byte order of multi-byte elements
 */
public record DType(char kind, int size, ByteOrder order) {

    /** {@code |u1}: unsigned bytes, the pixel type of image data. */
    public static final DType UINT8 = new DType('u', 1, ByteOrder.LITTLE_ENDIAN);
    /** {@code |i1} */
    public static final DType INT8 = new DType('i', 1, ByteOrder.LITTLE_ENDIAN);
    /** {@code <i2} */
    public static final DType INT16 = new DType('i', 2, ByteOrder.LITTLE_ENDIAN);
    /** {@code <i4} */
    public static final DType INT32 = new DType('i', 4, ByteOrder.LITTLE_ENDIAN);
    /** {@code <i8} */
    public static final DType INT64 = new DType('i', 8, ByteOrder.LITTLE_ENDIAN);
    /** {@code <f4} */
    public static final DType FLOAT32 = new DType('f', 4, ByteOrder.LITTLE_ENDIAN);
    /** {@code <f8} */
    public static final DType FLOAT64 = new DType('f', 8, ByteOrder.LITTLE_ENDIAN);

    /** The descriptors {@link #parse} accepts, for error messages. */
    public static final String SUPPORTED = "|u1 |i1 <u2 <i2 <u4 <i4 <u8 <i8 <f4 <f8 (or '>' big-endian)";

    public DType {
        boolean ok = switch (kind) {
            case 'u', 'i' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'f' -> size == 4 || size == 8;
            default -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException("unsupported dtype " + kind + size);
        }
        if (size == 1) {
            order = ByteOrder.LITTLE_ENDIAN; // irrelevant for single bytes; normalised for equals()
        }
    }

    /**
     * Parses a NumPy type string such as {@code <f4}, {@code |u1}, {@code >i8} or {@code =f8}.
     *
     * @param descr the descriptor
     * @return the type
     * @throws IllegalArgumentException naming the descriptor and the supported ones if unsupported
     */
    public static DType parse(String descr) {
        String d = descr.trim();
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (!d.isEmpty() && "<>|=".indexOf(d.charAt(0)) >= 0) {
            char c = d.charAt(0);
            if (c == '>') {
                order = ByteOrder.BIG_ENDIAN;
            } else if (c == '=') {
                order = ByteOrder.nativeOrder();
            }
            d = d.substring(1);
        }
        if (d.length() == 2 && "uif".indexOf(d.charAt(0)) >= 0 && Character.isDigit(d.charAt(1))) {
            try {
                return new DType(d.charAt(0), d.charAt(1) - '0', order);
            } catch (IllegalArgumentException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("unsupported dtype '" + descr + "' (supported: " + SUPPORTED + ")");
    }

    /** @return true for signed and unsigned integer types */
    public boolean isInteger() {
        return kind != 'f';
    }

    /** @return the NPY descriptor, e.g. {@code <f4} or {@code |u1} */
    public String descr() {
        String prefix = size == 1 ? "|" : order == ByteOrder.BIG_ENDIAN ? ">" : "<";
        return prefix + kind + size;
    }

    /** @return a readable name, e.g. {@code float32} or {@code uint8} */
    public String numpyName() {
        String base = switch (kind) {
            case 'u' -> "uint";
            case 'i' -> "int";
            default -> "float";
        };
        return base + (size * 8) + (size > 1 && order == ByteOrder.BIG_ENDIAN ? " (big-endian)" : "");
    }

    @Override
    public String toString() {
        return descr().toLowerCase(Locale.ROOT);
    }
}
