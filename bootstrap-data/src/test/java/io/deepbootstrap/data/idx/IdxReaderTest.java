package io.deepbootstrap.data.idx;

import static io.deepbootstrap.data.idx.IdxFiles.concat;
import static io.deepbootstrap.data.idx.IdxFiles.gzip;
import static io.deepbootstrap.data.idx.IdxFiles.header;
import static io.deepbootstrap.data.idx.IdxFiles.ubytes;
import static io.deepbootstrap.data.idx.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {

    @TempDir
    Path dir;

    /** Data bytes of 2x3 values of each type, written with DataOutputStream (big-endian). */
    private static byte[] data(IdxType type) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int i = 0; i < 6; i++) {
                switch (type) {
                    case UBYTE -> out.writeByte(new int[] {0, 1, 127, 128, 200, 255}[i]);
                    case BYTE -> out.writeByte(new int[] {-128, -1, 0, 1, 100, 127}[i]);
                    case SHORT -> out.writeShort(new int[] {Short.MIN_VALUE, -300, 0, 1, 258, Short.MAX_VALUE}[i]);
                    case INT -> out.writeInt(new int[] {Integer.MIN_VALUE, -70000, 0, 1, 16909060, Integer.MAX_VALUE}[i]);
                    case FLOAT -> out.writeFloat(new float[] {-1.5f, 0f, 1e-30f, 3.25f, Float.MAX_VALUE, -0.1f}[i]);
                    case DOUBLE -> out.writeDouble(new double[] {-1.5, 0, 1e-300, Math.PI, Double.MAX_VALUE, -0.1}[i]);
                }
            }
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UBYTE", "BYTE", "SHORT", "INT", "FLOAT", "DOUBLE"})
    void readsEveryTypeRawAndGzipExactly(String typeName) throws IOException {
        IdxType type = IdxType.valueOf(typeName);
        byte[] file = concat(header(type.code(), 2, 3), data(type));
        // compression detected by content: the raw file is named .gz and the gzip file is not
        Path raw = write(dir.resolve("raw.gz"), file);
        Path gz = write(dir.resolve("compressed.idx"), gzip(file));
        for (Path p : new Path[] {raw, gz}) {
            IdxArray a = IdxReader.read(p);
            assertThat(a.type()).isEqualTo(type);
            assertThat(a.dims()).containsExactly(2, 3);
            assertThat(a.rank()).isEqualTo(2);
            assertThat(a.length()).isEqualTo(6);
            assertThat(a.stride()).isEqualTo(3);
            assertThat(a.source()).isEqualTo(p);
            switch (type) {
                case UBYTE -> {
                    assertThat(a.bytes()).containsExactly(ubytes(0, 1, 127, 128, 200, 255));
                    assertThat(a.getInt(5)).isEqualTo(255);
                    assertThat(a.toFloatArray()).containsExactly(0f, 1f, 127f, 128f, 200f, 255f);
                }
                case BYTE -> {
                    assertThat(a.bytes()).containsExactly(ubytes(-128, -1, 0, 1, 100, 127));
                    assertThat(a.getInt(0)).isEqualTo(-128);
                }
                case SHORT -> assertThat(a.shorts()).containsExactly(Short.MIN_VALUE, (short) -300, (short) 0,
                        (short) 1, (short) 258, Short.MAX_VALUE);
                case INT -> {
                    assertThat(a.ints()).containsExactly(Integer.MIN_VALUE, -70000, 0, 1, 16909060, Integer.MAX_VALUE);
                    assertThat(a.getDouble(4)).isEqualTo(16909060.0);
                }
                case FLOAT -> {
                    assertThat(a.floats()).containsExactly(-1.5f, 0f, 1e-30f, 3.25f, Float.MAX_VALUE, -0.1f);
                    assertThat(a.toFloatArray()).containsExactly(a.floats());
                }
                case DOUBLE -> {
                    assertThat(a.doubles()).containsExactly(-1.5, 0, 1e-300, Math.PI, Double.MAX_VALUE, -0.1);
                    assertThat(a.getDouble(3)).isEqualTo(Math.PI);
                }
            }
        }
    }

    @Test
    void readsLargeMultiChunkFilesAndHigherRanks() throws IOException {
        // 3 x 5 x 7 x 311 ints = 130,620 bytes, more than one 64 KiB read chunk
        int n = 3 * 5 * 7 * 311;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int i = 0; i < n; i++) {
                out.writeInt(i * 31 - 5000);
            }
        }
        Path p = write(dir.resolve("big"), gzip(concat(header(0x0C, 3, 5, 7, 311), bytes.toByteArray())));
        IdxArray a = IdxReader.read(p);
        assertThat(a.dims()).containsExactly(3, 5, 7, 311);
        for (int i = 0; i < n; i++) {
            assertThat(a.ints()[i]).isEqualTo(i * 31 - 5000);
        }
    }

    @Test
    void readsEmptyDimension() throws IOException {
        IdxArray a = IdxReader.read(write(dir.resolve("empty"), header(0x0D, 0, 4)));
        assertThat(a.dims()).containsExactly(0, 4);
        assertThat(a.floats()).isEmpty();
    }

    @Test
    void wrongTypedAccessorSaysWhatTheFileHolds() throws IOException {
        IdxArray a = IdxReader.read(write(dir.resolve("f"), concat(header(0x0D, 1), new byte[4])));
        assertThatThrownBy(a::bytes).isInstanceOf(IllegalStateException.class)
                .hasMessage("IDX file " + a.source() + " holds float elements, not byte");
    }

    @Test
    void badMagicNamesExpectedAndFoundBytes() {
        Path p = write(dir.resolve("bad"), ubytes(0x01, 0x02, 0x08, 0x01, 0, 0, 0, 0));
        assertThatThrownBy(() -> IdxReader.read(p)).isInstanceOf(IdxFormatException.class)
                .hasMessage("IDX file " + p + ": bad magic number: expected 00 00 <type> <ndims>, found 01 02 08 01");
        Path gz = write(dir.resolve("badgz"), gzip(ubytes(0x50, 0x4b, 0x03, 0x04)));
        assertThatThrownBy(() -> IdxReader.read(gz))
                .hasMessage("IDX file " + gz + ": bad magic number: expected 00 00 <type> <ndims>, found 50 4b 03 04"
                        + " (after gzip decompression)");
    }

    @Test
    void unknownTypeCode() {
        Path p = write(dir.resolve("type"), concat(header(0x07, 1), ubytes(5)));
        assertThatThrownBy(() -> IdxReader.read(p)).isInstanceOf(IdxFormatException.class)
                .hasMessage("IDX file " + p + ": unknown data type code 0x07 in magic number 00 00 07 01; expected one of"
                        + " 0x08 (ubyte), 0x09 (byte), 0x0b (short), 0x0c (int), 0x0d (float), 0x0e (double)");
    }

    @Test
    void truncatedHeader() {
        Path empty = write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> IdxReader.read(empty))
                .hasMessage("IDX file " + empty + ": truncated header: expected 4 bytes of magic number 00 00 <type>"
                        + " <ndims>, found 0");
        byte[] h = header(0x08, 2, 3);
        Path shortDims = write(dir.resolve("dims"), Arrays.copyOf(h, h.length - 2));
        assertThatThrownBy(() -> IdxReader.read(shortDims))
                .hasMessage("IDX file " + shortDims + ": truncated header: expected 8 bytes of dimension sizes for 2"
                        + " dimensions, found 6");
    }

    @Test
    void negativeDimension() {
        Path p = write(dir.resolve("neg"), header(0x08, 2, -3));
        assertThatThrownBy(() -> IdxReader.read(p))
                .hasMessage("IDX file " + p + ": dimension 1 has size -3 (as a signed big-endian int32);"
                        + " expected a size >= 0");
    }

    @Test
    void truncatedDataRawAndGzip() throws IOException {
        byte[] full = concat(header(0x0D, 2, 3), data(IdxType.FLOAT));
        byte[] cut = Arrays.copyOf(full, full.length - 4);
        String expected = ": truncated data: dimensions 2x3 of float need 24 bytes, found 20";
        Path raw = write(dir.resolve("raw"), cut);
        assertThatThrownBy(() -> IdxReader.read(raw)).isInstanceOf(IdxFormatException.class)
                .hasMessage("IDX file " + raw + expected);
        Path gz = write(dir.resolve("gz"), gzip(cut));
        assertThatThrownBy(() -> IdxReader.read(gz)).hasMessage("IDX file " + gz + expected);
        Path ubyte = write(dir.resolve("ub"), concat(header(0x08, 10, 10), new byte[99]));
        assertThatThrownBy(() -> IdxReader.read(ubyte))
                .hasMessage("IDX file " + ubyte + ": truncated data: dimensions 10x10 of ubyte need 100 bytes, found 99");
    }

    @Test
    void truncatedGzipFile() throws IOException {
        byte[] image = new byte[5000];
        new java.util.Random(1).nextBytes(image); // incompressible, so cutting the .gz loses data bytes
        byte[] gz = gzip(concat(header(0x08, 5000), image));
        Path p = write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.read(p)).isInstanceOf(IdxFormatException.class)
                .hasMessage("IDX file " + p + ": truncated data: dimensions 5000 of ubyte need 5000 bytes, found fewer:"
                        + " the gzip stream ends early (truncated .gz file)");
    }

    @Test
    void trailingGarbage() throws IOException {
        byte[] file = concat(header(0x0D, 2, 3), data(IdxType.FLOAT), ubytes(1, 2, 3, 4, 5));
        String expected = ": 5 trailing bytes after the 24 data bytes of dimensions 2x3 of float (file holds 29 data bytes)";
        Path raw = write(dir.resolve("raw"), file);
        assertThatThrownBy(() -> IdxReader.read(raw)).isInstanceOf(IdxFormatException.class)
                .hasMessage("IDX file " + raw + expected);
        Path gz = write(dir.resolve("gz"), gzip(file));
        assertThatThrownBy(() -> IdxReader.read(gz)).hasMessage("IDX file " + gz + expected);
    }

    @Test
    void corruptGzip() {
        byte[] gz = gzip(concat(header(0x08, 3), ubytes(1, 2, 3)));
        gz[12] ^= (byte) 0xff; // inside the deflate data
        gz[13] ^= (byte) 0xff;
        Path p = write(dir.resolve("corrupt"), gz);
        assertThatThrownBy(() -> IdxReader.read(p)).isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith("IDX file " + p + ": corrupt gzip data: ");
    }

    @Test
    void missingFile() {
        assertThatThrownBy(() -> IdxReader.read(dir.resolve("nope"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("nope");
    }
}
