package io.deepbootstrap.data.idx;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The contents of one IDX file: its element type, its dimension sizes and its elements in C order
 * (last index fastest), held in a primitive array of the file's own type ({@code byte[]} for ubyte and
 * byte, {@code short[]}, {@code int[]}, {@code float[]} or {@code double[]}), so an image file of
 * unsigned bytes takes one byte per pixel in memory.
 *
 * <p>Instances are immutable by contract: the typed accessors ({@link #bytes()} ...) return the backing
 * array without copying, and callers must not modify it. Safe to share between threads.
 */
public final class IdxArray {
    private final Path source;
    private final IdxType type;
    private final int[] dims;
    private final Object data;
    private final int length;

    /**
     * @param source the file this array came from (used in messages; may be a descriptive path)
     * @param type the element type
     * @param dims dimension sizes, each {@code >= 0}
     * @param data the elements: {@code byte[]} for {@link IdxType#UBYTE}/{@link IdxType#BYTE},
     *     {@code short[]}, {@code int[]}, {@code float[]} or {@code double[]} for the other types, with exactly
     *     the product of {@code dims} elements; not copied
     * @throws IllegalArgumentException if the array type or length does not match
     */
    public IdxArray(Path source, IdxType type, int[] dims, Object data) {
        this.source = Objects.requireNonNull(source, "source");
        this.type = Objects.requireNonNull(type, "type");
        this.dims = dims.clone();
        this.data = Objects.requireNonNull(data, "data");
        long n = elementCount(this.dims);
        Class<?> expected = switch (type) {
            case UBYTE, BYTE -> byte[].class;
            case SHORT -> short[].class;
            case INT -> int[].class;
            case FLOAT -> float[].class;
            case DOUBLE -> double[].class;
        };
        if (data.getClass() != expected) {
            throw new IllegalArgumentException("IDX type " + type.label() + " needs a " + expected.getSimpleName()
                    + ", got " + data.getClass().getSimpleName());
        }
        this.length = java.lang.reflect.Array.getLength(data);
        if (length != n) {
            throw new IllegalArgumentException("dimensions " + shapeString(this.dims) + " need " + n
                    + " elements, got " + length);
        }
    }

    static long elementCount(int[] dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    static String shapeString(int[] dims) {
        if (dims.length == 0) {
            return "(scalar)";
        }
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    /** @return the file this array was read from */
    public Path source() {
        return source;
    }

    /** @return the element type */
    public IdxType type() {
        return type;
    }

    /** @return the number of dimensions */
    public int rank() {
        return dims.length;
    }

    /** @return a copy of the dimension sizes, outermost first */
    public int[] dims() {
        return dims.clone();
    }

    /**
     * @param i dimension index, {@code 0 <= i < rank()}
     * @return the size of dimension {@code i}
     */
    public int dim(int i) {
        return dims[i];
    }

    /** @return the total number of elements (the product of the dimension sizes) */
    public int length() {
        return length;
    }

    /**
     * @return the number of elements per entry of the first dimension (e.g. pixels per image for an
     *     {@code N x H x W} file); 1 for a rank-1 file
     */
    public int stride() {
        int s = 1;
        for (int i = 1; i < dims.length; i++) {
            s *= dims[i];
        }
        return s;
    }

    /** @return the dimension sizes as {@code 60000x28x28} */
    public String shapeString() {
        return shapeString(dims);
    }

    /**
     * @return the backing array of a {@link IdxType#UBYTE} or {@link IdxType#BYTE} file (unsigned bytes
     *     are stored as their bit pattern: use {@code b & 0xff})
     * @throws IllegalStateException for other types
     */
    public byte[] bytes() {
        return typed(byte[].class);
    }

    /** @return the backing array of a {@link IdxType#SHORT} file @throws IllegalStateException otherwise */
    public short[] shorts() {
        return typed(short[].class);
    }

    /** @return the backing array of an {@link IdxType#INT} file @throws IllegalStateException otherwise */
    public int[] ints() {
        return typed(int[].class);
    }

    /** @return the backing array of a {@link IdxType#FLOAT} file @throws IllegalStateException otherwise */
    public float[] floats() {
        return typed(float[].class);
    }

    /** @return the backing array of a {@link IdxType#DOUBLE} file @throws IllegalStateException otherwise */
    public double[] doubles() {
        return typed(double[].class);
    }

    private <A> A typed(Class<A> arrayType) {
        if (data.getClass() != arrayType) {
            throw new IllegalStateException("IDX file " + source + " holds " + type.label() + " elements, not "
                    + arrayType.getComponentType().getSimpleName());
        }
        return arrayType.cast(data);
    }

    /**
     * @param index flat (C-order) element index
     * @return the element as a double (ubyte as 0..255)
     */
    public double getDouble(int index) {
        return switch (type) {
            case UBYTE -> ((byte[]) data)[index] & 0xff;
            case BYTE -> ((byte[]) data)[index];
            case SHORT -> ((short[]) data)[index];
            case INT -> ((int[]) data)[index];
            case FLOAT -> ((float[]) data)[index];
            case DOUBLE -> ((double[]) data)[index];
        };
    }

    /**
     * @param index flat (C-order) element index
     * @return the element of an integer file as an int (ubyte as 0..255)
     * @throws IllegalStateException for float and double files
     */
    public int getInt(int index) {
        return switch (type) {
            case UBYTE -> ((byte[]) data)[index] & 0xff;
            case BYTE -> ((byte[]) data)[index];
            case SHORT -> ((short[]) data)[index];
            case INT -> ((int[]) data)[index];
            case FLOAT, DOUBLE -> throw new IllegalStateException("IDX file " + source + " holds "
                    + type.label() + " elements, not integers");
        };
    }

    /**
     * Copies elements converted to float (ubyte as 0..255, no scaling).
     *
     * @param from first flat element index
     * @param dest destination
     * @param destPos first destination index
     * @param count number of elements
     */
    public void copyToFloats(int from, float[] dest, int destPos, int count) {
        switch (type) {
            case UBYTE -> {
                byte[] a = (byte[]) data;
                for (int i = 0; i < count; i++) {
                    dest[destPos + i] = a[from + i] & 0xff;
                }
            }
            case BYTE -> {
                byte[] a = (byte[]) data;
                for (int i = 0; i < count; i++) {
                    dest[destPos + i] = a[from + i];
                }
            }
            case SHORT -> {
                short[] a = (short[]) data;
                for (int i = 0; i < count; i++) {
                    dest[destPos + i] = a[from + i];
                }
            }
            case INT -> {
                int[] a = (int[]) data;
                for (int i = 0; i < count; i++) {
                    dest[destPos + i] = a[from + i];
                }
            }
            case FLOAT -> System.arraycopy(data, from, dest, destPos, count);
            case DOUBLE -> {
                double[] a = (double[]) data;
                for (int i = 0; i < count; i++) {
                    dest[destPos + i] = (float) a[from + i];
                }
            }
        }
    }

    /** @return all elements converted to float (ubyte as 0..255, no scaling), a new array */
    public float[] toFloatArray() {
        float[] out = new float[length];
        copyToFloats(0, out, 0, length);
        return out;
    }

    @Override
    public String toString() {
        return "IdxArray[" + source + ", " + type.label() + " " + shapeString() + "]";
    }
}
