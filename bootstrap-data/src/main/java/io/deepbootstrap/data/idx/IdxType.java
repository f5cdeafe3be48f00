package io.deepbootstrap.data.idx;

import java.util.Locale;

/**
 * The element types of the IDX format, with their type codes (the third byte of the magic number) and
 * their sizes in bytes. Multi-byte values are stored big-endian.
 */
public enum IdxType {
    /** Unsigned 8-bit integer, code {@code 0x08}. */
    UBYTE(0x08, 1),
    /** Signed 8-bit integer, code {@code 0x09}. */
    BYTE(0x09, 1),
    /** Signed 16-bit integer, code {@code 0x0B}. */
    SHORT(0x0B, 2),
    /** Signed 32-bit integer, code {@code 0x0C}. */
    INT(0x0C, 4),
    /** 32-bit IEEE float, code {@code 0x0D}. */
    FLOAT(0x0D, 4),
    /** 64-bit IEEE double, code {@code 0x0E}. */
    DOUBLE(0x0E, 8);

    private final int code;
    private final int bytes;

    IdxType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** @return the type code as stored in the third byte of the magic number */
    public int code() {
        return code;
    }

    /** @return the size of one element in bytes */
    public int bytes() {
        return bytes;
    }

    /** @return true for the integer types (ubyte, byte, short, int) */
    public boolean isInteger() {
        return this != FLOAT && this != DOUBLE;
    }

    /**
     * @param code a type code
     * @return the type with this code, or {@code null} if the code is not a valid IDX type code
     */
    public static IdxType ofCode(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** @return a list of all valid codes for error messages, e.g. {@code 0x08 (ubyte), 0x09 (byte), ...} */
    static String validCodes() {
        StringBuilder sb = new StringBuilder();
        for (IdxType t : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(String.format(Locale.ROOT, "0x%02x (%s)", t.code, t.label()));
        }
        return sb.toString();
    }

    /** @return the lower-case name used in messages, e.g. {@code ubyte} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
