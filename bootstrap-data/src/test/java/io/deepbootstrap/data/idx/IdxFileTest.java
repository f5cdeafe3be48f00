package io.deepbootstrap.data.idx;

import static io.deepbootstrap.data.idx.IdxFiles.concat;
import static io.deepbootstrap.data.idx.IdxFiles.gzip;
import static io.deepbootstrap.data.idx.IdxFiles.header;
import static io.deepbootstrap.data.idx.IdxFiles.ubytes;
import static io.deepbootstrap.data.idx.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.data.array.DataFileException;
import io.deepbootstrap.data.array.MalformedFileException;
import io.deepbootstrap.data.array.NpyArray;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxFileTest {

    @TempDir
    Path dir;

    private Path cache() {
        return dir.resolve("cache");
    }

    /** The type codes and 2x3 values of each IDX type, written with DataOutputStream (big-endian). */
    private static byte[] data(int code) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int i = 0; i < 6; i++) {
                switch (code) {
                    case 0x08 -> out.writeByte(new int[] {0, 1, 127, 128, 200, 255}[i]);
                    case 0x09 -> out.writeByte(new int[] {-128, -1, 0, 1, 100, 127}[i]);
                    case 0x0B -> out.writeShort(new int[] {Short.MIN_VALUE, -300, 0, 1, 258, Short.MAX_VALUE}[i]);
                    case 0x0C -> out.writeInt(new int[] {Integer.MIN_VALUE, -70000, 0, 1, 16909060, Integer.MAX_VALUE}[i]);
                    case 0x0D -> out.writeFloat(new float[] {-1.5f, 0f, 1e-30f, 3.25f, Float.MAX_VALUE, -0.1f}[i]);
                    default -> out.writeDouble(new double[] {-1.5, 0, 1e-300, Math.PI, Double.MAX_VALUE, -0.1}[i]);
                }
            }
        }
        return bytes.toByteArray();
    }

    private static double[] expected(int code) {
        return switch (code) {
            case 0x08 -> new double[] {0, 1, 127, 128, 200, 255};
            case 0x09 -> new double[] {-128, -1, 0, 1, 100, 127};
            case 0x0B -> new double[] {Short.MIN_VALUE, -300, 0, 1, 258, Short.MAX_VALUE};
            case 0x0C -> new double[] {Integer.MIN_VALUE, -70000, 0, 1, 16909060, Integer.MAX_VALUE};
            case 0x0D -> new double[] {-1.5f, 0f, 1e-30f, 3.25f, Float.MAX_VALUE, -0.1f};
            default -> new double[] {-1.5, 0, 1e-300, Math.PI, Double.MAX_VALUE, -0.1};
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E})
    void readsEveryTypeRawAndGzipExactly(int code) throws IOException {
        byte[] file = concat(header(code, 2, 3), data(code));
        // compression is detected by content: the raw file is named .gz and the gzip file is not
        Path raw = write(dir.resolve("raw.gz"), file);
        Path gz = write(dir.resolve("compressed.idx"), gzip(file));
        String[] dtypes = {"|u1", "|i1", ">i2", ">i4", ">f4", ">f8"};
        int t = Arrays.binarySearch(new int[] {0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E}, code);
        for (Path p : new Path[] {raw, gz}) {
            NpyArray a = IdxFile.open(p, cache());
            assertThat(a.shape()).containsExactly(2, 3);
            assertThat(a.dtype().descr()).isEqualTo(dtypes[t]);
            assertThat(a.file()).isEqualTo(p == gz ? gz + " (decompressed)" : raw.toString());
            double[] want = expected(code);
            for (int i = 0; i < 6; i++) {
                assertThat(a.getDouble(a.storageIndex(i / 3, i % 3))).as("element %d", i).isEqualTo(want[i]);
                if (code <= 0x0C) {
                    assertThat(a.getLong(i)).isEqualTo((long) want[i]);
                }
            }
        }
        assertThat(cache()).as("small .gz files are inflated on the heap, not cached").doesNotExist();
    }

    @Test
    void largeGzipFilesAreDecompressedOnceIntoTheCacheAndMapped() throws IOException {
        byte[] pixels = new byte[3 * IdxFile.HEAP_LIMIT];
        new Random(7).nextBytes(pixels);
        byte[] raw = concat(header(0x08, 3, 1024, 1024), pixels);
        Path gz = write(dir.resolve("big-idx3-ubyte.gz"), gzip(raw));

        NpyArray a = IdxFile.open(gz, cache());
        List<Path> cached = list(cache().resolve("idx"));
        assertThat(cached).hasSize(1);
        Path file = cached.get(0);
        assertThat(file.getFileName().toString()).startsWith("big-idx3-ubyte-");
        assertThat(Files.readAllBytes(file)).as("the cache holds the decompressed file byte for byte").isEqualTo(raw);
        byte[] got = new byte[pixels.length];
        a.getBytes(0, got, 0, got.length);
        assertThat(got).isEqualTo(pixels);

        Object key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        NpyArray again = IdxFile.open(gz, cache());
        assertThat(list(cache().resolve("idx"))).containsExactly(file);
        assertThat(Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .as("the second open maps the cached file instead of rewriting it").isEqualTo(key);
        assertThat(again.getDouble(pixels.length - 1)).isEqualTo(pixels[pixels.length - 1] & 0xFF);
    }

    @Test
    void concurrentOpensOfOneGzipFileAllSeeCompleteContent() throws Exception {
        byte[] pixels = new byte[2 * IdxFile.HEAP_LIMIT];
        new Random(3).nextBytes(pixels);
        Path gz = write(dir.resolve("shared.gz"), gzip(concat(header(0x08, 2, IdxFile.HEAP_LIMIT), pixels)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<byte[]> open = () -> {
                    NpyArray a = IdxFile.open(gz, cache());
                    byte[] b = new byte[pixels.length];
                    a.getBytes(0, b, 0, b.length);
                    return b;
                };
                results.add(pool.submit(open));
            }
            for (Future<byte[]> f : results) {
                assertThat(f.get()).isEqualTo(pixels);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(list(cache().resolve("idx"))).as("one cached file, no temporary files left").hasSize(1);
    }

    @Test
    void readsHigherRanksAndEmptyDimensions() {
        NpyArray a = IdxFile.open(write(dir.resolve("r4"), concat(header(0x08, 1, 2, 2, 3), ubytes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11))), cache());
        assertThat(a.shape()).containsExactly(1, 2, 2, 3);
        assertThat(a.getDouble(a.storageIndex(0, 1, 0, 2))).isEqualTo(8);
        NpyArray empty = IdxFile.open(write(dir.resolve("empty"), header(0x0D, 0, 4)), cache());
        assertThat(empty.shape()).containsExactly(0, 4);
    }

    @Test
    void badMagicNamesExpectedAndFoundBytes() {
        Path p = write(dir.resolve("bad"), ubytes(0x01, 0x02, 0x08, 0x01, 0, 0, 0, 0));
        assertThatThrownBy(() -> IdxFile.open(p, cache())).isInstanceOf(MalformedFileException.class)
                .hasMessage(p + ", byte offset 0: bad magic number: expected 00 00 <type> <ndims>, found 01 02 08 01");
        Path gz = write(dir.resolve("badgz"), gzip(ubytes(0x50, 0x4b, 0x03, 0x04)));
        assertThatThrownBy(() -> IdxFile.open(gz, cache()))
                .hasMessage(gz + " (decompressed), byte offset 0: bad magic number: expected 00 00 <type> <ndims>, found 50 4b 03 04");
    }

    @Test
    void unknownTypeCode() {
        Path p = write(dir.resolve("type"), concat(header(0x07, 1), ubytes(5)));
        assertThatThrownBy(() -> IdxFile.open(p, cache())).isInstanceOf(MalformedFileException.class)
                .hasMessage(p + ", byte offset 2: unknown data type code 0x07 in magic number 00 00 07 01; expected one of"
                        + " 0x08 (ubyte), 0x09 (byte), 0x0b (short), 0x0c (int), 0x0d (float), 0x0e (double)");
    }

    @Test
    void truncatedHeader() {
        Path empty = write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> IdxFile.open(empty, cache()))
                .hasMessage(empty + ", byte offset 0: truncated header: expected the 4-byte magic number 00 00 <type> <ndims>, found 0 bytes");
        byte[] h = header(0x08, 2, 3);
        Path shortDims = write(dir.resolve("dims"), Arrays.copyOf(h, h.length - 2));
        assertThatThrownBy(() -> IdxFile.open(shortDims, cache()))
                .hasMessage(shortDims + ", byte offset 4: truncated header: expected 8 bytes of dimension sizes for 2 dimensions, found 6");
    }

    @Test
    void negativeDimension() {
        Path p = write(dir.resolve("neg"), header(0x08, 2, -3));
        assertThatThrownBy(() -> IdxFile.open(p, cache()))
                .hasMessage(p + ", byte offset 8: dimension 1 has size -3 (as a signed big-endian int32); expected a size >= 0");
    }

    @Test
    void truncatedDataRawAndGzip() throws IOException {
        byte[] full = concat(header(0x0D, 2, 3), data(0x0D));
        byte[] cut = Arrays.copyOf(full, full.length - 4);
        Path raw = write(dir.resolve("raw"), cut);
        assertThatThrownBy(() -> IdxFile.open(raw, cache())).isInstanceOf(MalformedFileException.class)
                .hasMessage(raw + ", byte offset 32: truncated data: dimensions 2x3 of float need 24 bytes, found 20");
        Path gz = write(dir.resolve("gz"), gzip(cut));
        assertThatThrownBy(() -> IdxFile.open(gz, cache()))
                .hasMessage(gz + " (decompressed), byte offset 32: truncated data: dimensions 2x3 of float need 24 bytes, found 20");
    }

    @Test
    void truncatedGzipFilesSmallAndLarge() throws IOException {
        for (int n : new int[] {5000, 2 * IdxFile.HEAP_LIMIT}) {
            byte[] image = new byte[n];
            new Random(1).nextBytes(image); // incompressible, so cutting the .gz loses data bytes
            byte[] gz = gzip(concat(header(0x08, n), image));
            Path p = write(dir.resolve("cut" + n + ".gz"), Arrays.copyOf(gz, gz.length / 2));
            // the trailer's size field is gone with the cut: the declared size decides heap or cache
            assertThatThrownBy(() -> IdxFile.open(p, cache())).isInstanceOf(MalformedFileException.class)
                    .hasMessageStartingWith(p + ": truncated .gz file: the gzip stream ends early");
        }
        assertThat(list(cache().resolve("idx"))).as("nothing half-written in the cache").isEmpty();
    }

    @Test
    void trailingGarbage() throws IOException {
        byte[] file = concat(header(0x0D, 2, 3), data(0x0D), ubytes(1, 2, 3, 4, 5));
        Path raw = write(dir.resolve("raw"), file);
        assertThatThrownBy(() -> IdxFile.open(raw, cache())).isInstanceOf(MalformedFileException.class)
                .hasMessage(raw + ", byte offset 36: 5 trailing bytes after the 24 data bytes of dimensions 2x3 of float");
    }

    @Test
    void corruptGzipDataAndChecksum() {
        byte[] gz = gzip(concat(header(0x08, 3), ubytes(1, 2, 3)));
        byte[] corrupt = gz.clone();
        corrupt[12] ^= (byte) 0xff; // inside the deflate data
        corrupt[13] ^= (byte) 0xff;
        Path p = write(dir.resolve("corrupt"), corrupt);
        assertThatThrownBy(() -> IdxFile.open(p, cache())).isInstanceOf(MalformedFileException.class)
                .hasMessageStartingWith(p + ": corrupt gzip data (");
        byte[] badCrc = gz.clone();
        badCrc[badCrc.length - 8] ^= 1; // the CRC-32 in the trailer
        Path q = write(dir.resolve("crc"), badCrc);
        assertThatThrownBy(() -> IdxFile.open(q, cache())).isInstanceOf(MalformedFileException.class)
                .hasMessage(q + ": corrupt gzip data (Corrupt GZIP trailer)");
    }

    @Test
    void missingFileAndDirectory() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> IdxFile.open(missing, cache())).isInstanceOf(DataFileException.class)
                .hasMessage(missing + ": does not exist");
        assertThatThrownBy(() -> IdxFile.open(dir, cache())).isInstanceOf(DataFileException.class)
                .hasMessage(dir + ": is a directory, expected a file");
    }

    @Test
    void unwritableCacheSaysWhichDirectoryAndWhatToSet() throws IOException {
        byte[] pixels = new byte[2 * IdxFile.HEAP_LIMIT];
        Path gz = write(dir.resolve("big.gz"), gzip(concat(header(0x08, 2, IdxFile.HEAP_LIMIT), pixels)));
        Path notADirectory = write(dir.resolve("cache-file"), new byte[1]);
        assertThatThrownBy(() -> IdxFile.open(gz, notADirectory)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(notADirectory.resolve("idx") + ": cannot cache data derived from " + gz)
                .hasMessageEndingWith("set experiment.cache-dir to a writable directory");
    }

    private static List<Path> list(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }
}
