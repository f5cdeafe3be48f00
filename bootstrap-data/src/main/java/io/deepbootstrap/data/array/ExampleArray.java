package io.deepbootstrap.data.array;

import io.deepbootstrap.api.InputShape;
import java.util.Locale;

/**
 * Examples stored in an NPY array whose first axis indexes examples: {@code (n, h, w, c)} in NHWC or
 * {@code (n, c, h, w)} in NCHW layout, {@code (n, h, w)} (one channel), {@code (n, d)} (vectors) or {@code (n,)}
 * (one feature), in C
 * or Fortran order, of any supported dtype. Reads convert to NHWC floats with a {@link Scale} policy;
 * uint8 and little-endian float32 data in C order and NHWC layout are copied in one bulk read per example.
 */
public final class ExampleArray implements ExampleReader {
    /** Storage layout of 4-D image arrays. */
    public enum Layout {
        NHWC, NCHW;

        /** @param s {@code nhwc} or {@code nchw} @return the layout @throws IllegalArgumentException otherwise */
        public static Layout parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected nhwc or nchw, got '" + s + "'");
            }
        }
    }

    private final NpyArray array;
    private final InputShape shape;
    private final long size;
    private final long exampleStride;
    private final long[] table;
    private final boolean contiguousBytes;
    private final boolean contiguousFloats;
    private final boolean rescale;
    /** Buffers for one example's bytes, lent to concurrent readers: reads allocate nothing. */
    private final ScratchBytes scratch;
    /** The float of each single-byte value (scaled or not), indexed as in {@link #read}. */
    private final float[] byteValues;

    /**
     * @param array the features array
     * @param layout how 4-D arrays are laid out
     * @param scale value scaling policy
     * @throws MalformedFileException naming the file and member if the rank is not 1, 2, 3 or 4
     */
    public ExampleArray(NpyArray array, Layout layout, Scale scale) {
        this.array = array;
        long[] s = array.shape();
        if (s.length < 1 || s.length > 4) {
            throw new MalformedFileException(array.file(), array.member(), -1, "features must have shape (n, h, w, c), (n, h, w), (n, d) or (n,), found "
                    + array.header().shapeString());
        }
        for (int i = 1; i < s.length; i++) {
            if (s[i] < 1 || s[i] > Integer.MAX_VALUE) {
                throw new MalformedFileException(array.file(), array.member(), -1, "bad example dimensions in shape " + array.header().shapeString());
            }
        }
        this.size = s[0];
        int h;
        int w;
        int c;
        if (s.length <= 2) {
            h = 1;
            w = 1;
            c = s.length == 1 ? 1 : (int) s[1];
        } else if (s.length == 3) {
            h = (int) s[1];
            w = (int) s[2];
            c = 1;
        } else if (layout == Layout.NHWC) {
            h = (int) s[1];
            w = (int) s[2];
            c = (int) s[3];
        } else {
            c = (int) s[1];
            h = (int) s[2];
            w = (int) s[3];
        }
        this.shape = new InputShape(h, w, c);
        this.exampleStride = array.stride(0);
        this.table = new long[shape.size()];
        boolean identity = exampleStride == shape.size();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    int j = (y * w + x) * c + ch;
                    long e = switch (s.length) {
                        case 1 -> 0;
                        case 2 -> ch * array.stride(1);
                        case 3 -> y * array.stride(1) + x * array.stride(2);
                        default -> layout == Layout.NHWC
                                ? y * array.stride(1) + x * array.stride(2) + ch * array.stride(3)
                                : ch * array.stride(1) + y * array.stride(2) + x * array.stride(3);
                    };
                    table[j] = e;
                    identity &= e == j;
                }
            }
        }
        this.contiguousBytes = identity && array.dtype().size() == 1;
        this.contiguousFloats = identity && array.dtype().equals(DType.FLOAT32);
        this.rescale = scale.rescales(array.dtype());
        int scratchBytes = contiguousFloats ? shape.size() * 4 : shape.size();
        this.scratch = new ScratchBytes(scratchBytes);
        this.byteValues = new float[256];
        boolean unsigned = array.dtype().kind() == 'u';
        for (int i = 0; i < 256; i++) {
            // index (b + bias) & 0xFF for byte b: bias 0 for uint8, 128 for int8 (so -128..127 map to 0..255)
            float v = unsigned ? i : i - 128;
            byteValues[i] = rescale ? v / 127.5f - 1f : v;
        }
    }

    /** @return the underlying array */
    public NpyArray array() {
        return array;
    }

    @Override
    public InputShape shape() {
        return shape;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void read(long index, float[] dst, int offset) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("example " + index + " outside 0.." + (size - 1) + " of " + array);
        }
        long start = index * exampleStride;
        int n = table.length;
        if (contiguousBytes) {
            byte[] bytes = scratch.borrow();
            array.getBytes(start, bytes, 0, n);
            float[] values = byteValues;
            int bias = array.dtype().kind() == 'u' ? 0 : 128;
            for (int j = 0; j < n; j++) {
                dst[offset + j] = values[(bytes[j] + bias) & 0xFF];
            }
            scratch.giveBack(bytes);
            return;
        }
        if (contiguousFloats) {
            byte[] bytes = scratch.borrow();
            array.getBytes(start, bytes, 0, bytes.length);
            java.nio.FloatBuffer floats = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            floats.get(dst, offset, n);
            scratch.giveBack(bytes);
            if (rescale) {
                for (int j = offset; j < offset + n; j++) {
                    dst[j] = dst[j] / 127.5f - 1f;
                }
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            float v = array.getFloat(start + table[j]);
            dst[offset + j] = rescale ? v / 127.5f - 1f : v;
        }
    }

    /** @return the file (and member) the examples are read from, their dtype and shape */
    @Override
    public String toString() {
        return array.toString();
    }
}
