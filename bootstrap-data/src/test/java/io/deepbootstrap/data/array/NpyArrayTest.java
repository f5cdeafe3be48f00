package io.deepbootstrap.data.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.InputShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyArrayTest {
    @TempDir
    Path dir;

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void headerIsEncodedLikeNumpy() {
        byte[] h = NpyHeader.of(DType.UINT8, false, 10, 32, 32, 3).encode();
        assertThat(h.length % 64).isZero();
        String text = new String(h, 10, h.length - 10, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("{'descr': '|u1', 'fortran_order': False, 'shape': (10, 32, 32, 3), }").endsWith(" \n");
        assertThat(new String(NpyHeader.of(DType.INT64, true, 7).encode(), StandardCharsets.ISO_8859_1)).contains("'shape': (7,), }");
    }

    @Test
    void everyDtypeReadsBackExactly() throws IOException {
        long[] ints = {0, 1, -1, 127, -128, 255, 32767, -32768, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        for (DType t : new DType[] {DType.INT8, DType.INT16, DType.INT32, DType.INT64, DType.UINT8,
                DType.parse("<u2"), DType.parse("<u4"), DType.parse(">i4"), DType.parse(">i8"), DType.parse(">u2")}) {
            ByteBuffer b = ByteBuffer.allocate(ints.length * t.size()).order(t.order());
            long[] expected = new long[ints.length];
            for (int i = 0; i < ints.length; i++) {
                long v = ints[i];
                switch (t.size()) {
                    case 1 -> b.put((byte) v);
                    case 2 -> b.putShort((short) v);
                    case 4 -> b.putInt((int) v);
                    default -> b.putLong(v);
                }
                int bits = t.size() * 8;
                expected[i] = bits == 64 ? v : t.kind() == 'u' ? v & ((1L << bits) - 1) : (v << (64 - bits)) >> (64 - bits);
            }
            Path f = dir.resolve("a" + t.kind() + t.size() + t.order() + ".npy");
            NpyWriter.write(f, NpyHeader.of(t, false, ints.length), b.array());
            NpyArray a = NpyArray.open(f);
            assertThat(a.dtype()).isEqualTo(t);
            for (int i = 0; i < ints.length; i++) {
                assertThat(a.getLong(i)).as("%s element %d", t, i).isEqualTo(expected[i]);
                assertThat(a.getDouble(i)).isEqualTo((double) expected[i]);
            }
        }
        float[] floats = {0f, -1f, 1f, 0.5f, Float.MIN_VALUE, Float.MAX_VALUE, -3.25e-7f};
        ByteBuffer f4 = le(floats.length * 4);
        ByteBuffer f8 = le(floats.length * 8);
        ByteBuffer f8be = ByteBuffer.allocate(floats.length * 8);
        for (float v : floats) {
            f4.putFloat(v);
            f8.putDouble(v * 3.0);
            f8be.putDouble(v * 3.0);
        }
        NpyWriter.write(dir.resolve("f4.npy"), NpyHeader.of(DType.FLOAT32, false, floats.length), f4.array());
        NpyWriter.write(dir.resolve("f8.npy"), NpyHeader.of(DType.FLOAT64, false, floats.length), f8.array());
        NpyWriter.write(dir.resolve("f8be.npy"), NpyHeader.of(DType.parse(">f8"), false, floats.length), f8be.array());
        NpyArray a4 = NpyArray.open(dir.resolve("f4.npy"));
        NpyArray a8 = NpyArray.open(dir.resolve("f8.npy"));
        NpyArray a8be = NpyArray.open(dir.resolve("f8be.npy"));
        for (int i = 0; i < floats.length; i++) {
            assertThat(a4.getFloat(i)).isEqualTo(floats[i]);
            assertThat(a8.getDouble(i)).isEqualTo(floats[i] * 3.0);
            assertThat(a8be.getDouble(i)).isEqualTo(floats[i] * 3.0);
        }
    }

    @Test
    void versionTwoAndThreeHeadersAreRead() throws IOException {
        for (int version : new int[] {2, 3}) {
            String dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (3,), }";
            int len = 128 - 12;
            ByteBuffer b = le(128 + 6);
            b.put(NpyHeader.MAGIC).put((byte) version).put((byte) 0).putInt(len);
            b.put((dict + " ".repeat(len - dict.length() - 1) + "\n").getBytes(StandardCharsets.ISO_8859_1));
            b.putShort((short) 7).putShort((short) -8).putShort((short) 9);
            Path f = dir.resolve("v" + version + ".npy");
            Files.write(f, b.array());
            NpyArray a = NpyArray.open(f);
            assertThat(a.header().version()).isEqualTo(version);
            assertThat(a.header().dataOffset()).isEqualTo(128);
            assertThat(new long[] {a.getLong(0), a.getLong(1), a.getLong(2)}).containsExactly(7, -8, 9);
        }
    }

    @Test
    void fortranOrderArraysAreReadAtTheRightCoordinates() throws IOException {
        // a (5, 2, 3, 4) uint8 array with value v(i,y,x,c) = 1 + i + 5y + 10x + 30c ... unique per element
        int n = 5;
        int h = 2;
        int w = 3;
        int c = 4;
        byte[] cOrder = new byte[n * h * w * c];
        byte[] fOrder = new byte[n * h * w * c];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        byte v = (byte) (i + n * (y + h * (x + w * ch)));
                        cOrder[((i * h + y) * w + x) * c + ch] = v;
                        fOrder[i + n * (y + h * (x + w * ch))] = v;
                    }
                }
            }
        }
        NpyWriter.write(dir.resolve("c.npy"), NpyHeader.of(DType.UINT8, false, n, h, w, c), cOrder);
        NpyWriter.write(dir.resolve("f.npy"), NpyHeader.of(DType.UINT8, true, n, h, w, c), fOrder);
        NpyArray fa = NpyArray.open(dir.resolve("f.npy"));
        assertThat(fa.header().fortranOrder()).isTrue();
        assertThat(fa.getLong(fa.storageIndex(3, 1, 2, 3)) & 0xFF).isEqualTo(3 + 5 * (1 + 2 * (2 + 3 * 3)));
        ExampleArray ce = new ExampleArray(NpyArray.open(dir.resolve("c.npy")), ExampleArray.Layout.NHWC, Scale.NONE);
        ExampleArray fe = new ExampleArray(fa, ExampleArray.Layout.NHWC, Scale.NONE);
        assertThat(fe.shape()).isEqualTo(new InputShape(h, w, c));
        float[] a = new float[h * w * c];
        float[] b = new float[h * w * c];
        for (int i = 0; i < n; i++) {
            ce.read(i, a, 0);
            fe.read(i, b, 0);
            assertThat(b).containsExactly(a);
            for (int j = 0; j < a.length; j++) {
                assertThat(a[j]).isEqualTo(cOrder[i * a.length + j] & 0xFF);
            }
        }
        // 2-D Fortran-order float vectors
        float[] f2 = new float[n * 3];
        ByteBuffer bb = le(n * 3 * 4);
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < n; i++) {
                bb.putFloat(i * 10 + j + 0.5f);
            }
        }
        NpyWriter.write(dir.resolve("f2.npy"), NpyHeader.of(DType.FLOAT32, true, n, 3), bb.array());
        ExampleArray v = new ExampleArray(NpyArray.open(dir.resolve("f2.npy")), ExampleArray.Layout.NHWC, Scale.AUTO);
        assertThat(v.shape()).isEqualTo(InputShape.vector(3));
        v.read(4, f2, 0);
        assertThat(new float[] {f2[0], f2[1], f2[2]}).containsExactly(40.5f, 41.5f, 42.5f);
    }

    @Test
    void float32ImagesAreReadAsStoredOrRescaled() throws IOException {
        ByteBuffer b = le(3 * 2 * 2 * 2 * 4);
        for (int k = 0; k < 24; k++) {
            b.putFloat(k * 10.5f - 3f);
        }
        NpyWriter.write(dir.resolve("f.npy"), NpyHeader.of(DType.FLOAT32, false, 3, 2, 2, 2), b.array());
        float[] out = new float[8];
        new ExampleArray(NpyArray.open(dir.resolve("f.npy")), ExampleArray.Layout.NHWC, Scale.AUTO).read(2, out, 0);
        assertThat(out[0]).isEqualTo(16 * 10.5f - 3f);
        assertThat(out[7]).isEqualTo(23 * 10.5f - 3f);
        new ExampleArray(NpyArray.open(dir.resolve("f.npy")), ExampleArray.Layout.NHWC, Scale.BYTE).read(1, out, 0);
        assertThat(out[3]).isEqualTo((11 * 10.5f - 3f) / 127.5f - 1f);
        // big-endian float32 takes the element path and gives the same values
        ByteBuffer be = ByteBuffer.allocate(24 * 4);
        for (int k = 0; k < 24; k++) {
            be.putFloat(k * 10.5f - 3f);
        }
        NpyWriter.write(dir.resolve("fbe.npy"), NpyHeader.of(DType.parse(">f4"), false, 3, 2, 2, 2), be.array());
        float[] out2 = new float[8];
        new ExampleArray(NpyArray.open(dir.resolve("f.npy")), ExampleArray.Layout.NHWC, Scale.AUTO).read(2, out, 0);
        new ExampleArray(NpyArray.open(dir.resolve("fbe.npy")), ExampleArray.Layout.NHWC, Scale.AUTO).read(2, out2, 0);
        assertThat(out2).containsExactly(out);
    }

    @Test
    void nchwLayoutAndUint8ScalingConvertToNhwc() throws IOException {
        byte[] data = new byte[2 * 3 * 2 * 2];
        for (int k = 0; k < data.length; k++) {
            data[k] = (byte) (k * 10);
        }
        NpyWriter.write(dir.resolve("nchw.npy"), NpyHeader.of(DType.UINT8, false, 2, 3, 2, 2), data);
        ExampleArray e = new ExampleArray(NpyArray.open(dir.resolve("nchw.npy")), ExampleArray.Layout.NCHW, Scale.AUTO);
        assertThat(e.shape()).isEqualTo(new InputShape(2, 2, 3));
        float[] out = new float[12];
        e.read(1, out, 0);
        // NHWC (y=0,x=1,c=2) = NCHW element (1, 2, 0, 1) = 12 + 2*4 + 0*2 + 1 = 21
        assertThat(out[(0 * 2 + 1) * 3 + 2]).isEqualTo((21 * 10 & 0xFF) / 127.5f - 1f);
    }

    @Test
    void malformedFilesNameFileAndOffset() throws IOException {
        Path bad = dir.resolve("bad.npy");
        Files.write(bad, "PK\u0003\u0004 not numpy at all".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> NpyArray.open(bad)).isInstanceOf(MalformedFileException.class)
                .hasMessage(bad + ", byte offset 0: not an NPY array: expected magic \\x93NUMPY, found PK\\x03\\x04 n");

        byte[] h = NpyHeader.of(DType.FLOAT32, false, 4).encode();
        Path version = dir.resolve("version.npy");
        byte[] v = h.clone();
        v[6] = 9;
        Files.write(version, v);
        assertThatThrownBy(() -> NpyArray.open(version)).hasMessage(version + ", byte offset 6: unsupported NPY version 9.0 (supported: 1.x, 2.x, 3.x)");

        Path dtype = dir.resolve("dtype.npy");
        Files.write(dtype, new String(h, StandardCharsets.ISO_8859_1).replace("<f4", "<c8").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> NpyArray.open(dtype)).hasMessage(dtype + ", byte offset 10: unsupported dtype '<c8' (supported: "
                + DType.SUPPORTED + ")");

        Path dict = dir.resolve("dict.npy");
        Files.write(dict, new String(h, StandardCharsets.ISO_8859_1).replace("'shape': (4,)", "'shape': [4?]  ").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> NpyArray.open(dict)).hasMessageStartingWith(dict + ", byte offset 10: bad NPY header dict (");

        Path truncated = dir.resolve("truncated.npy");
        byte[] t = new byte[h.length + 10];
        System.arraycopy(h, 0, t, 0, h.length);
        Files.write(truncated, t);
        assertThatThrownBy(() -> NpyArray.open(truncated)).isInstanceOf(MalformedFileException.class)
                .hasMessage(truncated + ", byte offset 138: truncated NPY data: header NPY v1 <f4 (4,) needs 16 data bytes from byte 128,"
                        + " but the file ends after 10");

        Path tiny = dir.resolve("tiny.npy");
        Files.write(tiny, new byte[] {(byte) 0x93, 'N'});
        assertThatThrownBy(() -> NpyArray.open(tiny)).hasMessage(tiny + ", byte offset 0: not an NPY array: shorter than the 10-byte NPY preamble");
    }

    @Test
    void labelsMustBeIntegers() throws IOException {
        NpyWriter.write(dir.resolve("fl.npy"), NpyHeader.of(DType.FLOAT32, false, 2), new byte[8]);
        assertThatThrownBy(() -> new LabelArray(NpyArray.open(dir.resolve("fl.npy"))))
                .hasMessage(dir.resolve("fl.npy") + ": labels must have an integer dtype, found <f4 (float32)");
    }

    @Test
    void chunkedMappingReadsAcrossChunkBoundaries() throws IOException {
        byte[] bytes = new byte[1000];
        new Random(3).nextBytes(bytes);
        Path f = dir.resolve("raw.bin");
        Files.write(f, bytes);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            MappedByteSource m = new MappedByteSource(ch, 17, 900, 4); // 16-byte chunks
            HeapByteSource heap = new HeapByteSource(java.util.Arrays.copyOfRange(bytes, 17, 917));
            for (long p = 0; p + 8 <= 900; p++) {
                assertThat(m.get(p)).isEqualTo(heap.get(p));
                assertThat(m.getShort(p)).isEqualTo(heap.getShort(p));
                assertThat(m.getInt(p)).isEqualTo(heap.getInt(p));
                assertThat(m.getLong(p)).as("long at %d", p).isEqualTo(heap.getLong(p));
            }
            byte[] a = new byte[333];
            byte[] b = new byte[333];
            m.get(555, a, 0, 333);
            heap.get(555, b, 0, 333);
            assertThat(a).isEqualTo(b);
            assertThatThrownBy(() -> m.get(900)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
