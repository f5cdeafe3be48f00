package io.deepbootstrap.data.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.data.TestDataContext;
import io.deepbootstrap.data.array.ArraySources;
import io.deepbootstrap.data.array.DType;
import io.deepbootstrap.data.array.DataFileException;
import io.deepbootstrap.data.array.MalformedFileException;
import io.deepbootstrap.data.array.NpyHeader;
import io.deepbootstrap.data.array.NpyWriter;
import io.deepbootstrap.data.array.NpzWriter;
import io.deepbootstrap.data.cifar.Cifar10Source;
import io.deepbootstrap.data.cifar.Cifar5mSource;
import io.deepbootstrap.data.idx.IdxSourceFactory;
import io.deepbootstrap.data.image.ImageFolderSource;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every I/O or format error of every file loader names the file (and the archive member and byte offset
 * where there is one), and a path that cannot be reached names the configuration key it came from. Each
 * case writes a well-formed set that loads, then breaks one file.
 */
class DataFileErrorsTest {

    @TempDir
    Path dir;

    /** The sources under test by type, with the config that loads the well-formed set {@link #write} makes. */
    private static final Map<String, DataSourceFactory> FACTORIES = Map.of("npy", new ArraySources.NpyFactory(),
            "npz", new ArraySources.NpzFactory(), "idx", new IdxSourceFactory(), "idx-gz", new IdxSourceFactory(),
            "cifar10", new Cifar10Source.Factory(), "cifar5m", new Cifar5mSource.Factory(),
            "image-png", new ImageFolderSource.Factory(), "image-jpg", new ImageFolderSource.Factory());

    private static final Map<String, String> CONFIGS = Map.of(
            "npy", "features = x.npy, labels = y.npy",
            "npz", "file = d.npz",
            "idx", "train-images = images.idx, train-labels = labels.idx",
            "idx-gz", "train-images = images.gz, train-labels = labels.idx",
            "cifar10", "dir = c10",
            "cifar5m", "dir = c5m, test-split-size = 0, classes = 10",
            "image-png", "dir = img, height = 8, width = 8",
            "image-jpg", "dir = img, height = 8, width = 8");

    private DataSource load(String format) {
        String type = format.replaceFirst("-.*", "").replace("image", "image-folder");
        return FACTORIES.get(format).create(TestDataContext.merged(type, CONFIGS.get(format)), new TestDataContext(dir));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes the well-formed set of a format and returns its main data file (the one the tests break). */
    private Path write(String format) throws IOException {
        switch (format) {
            case "npy" -> {
                NpyWriter.write(dir.resolve("x.npy"), NpyHeader.of(DType.UINT8, false, 3, 4, 4), random(48, 1));
                NpyWriter.write(dir.resolve("y.npy"), NpyHeader.of(DType.UINT8, false, 3), new byte[] {0, 1, 2});
                return dir.resolve("x.npy");
            }
            case "npz" -> {
                try (NpzWriter w = NpzWriter.create(dir.resolve("d.npz"), false)) {
                    w.writeArray("X", NpyHeader.of(DType.UINT8, false, 3, 4, 4), random(48, 1));
                    w.writeArray("Y", NpyHeader.of(DType.UINT8, false, 3), new byte[] {0, 1, 2});
                    w.finish();
                }
                return dir.resolve("d.npz");
            }
            case "idx", "idx-gz" -> {
                Files.write(dir.resolve("labels.idx"), new byte[] {0, 0, 8, 1, 0, 0, 0, 3, 0, 1, 2});
                ByteArrayOutputStream images = new ByteArrayOutputStream();
                images.writeBytes(new byte[] {0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 4});
                images.writeBytes(random(48, 1));
                if (format.equals("idx")) {
                    return Files.write(dir.resolve("images.idx"), images.toByteArray());
                }
                try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("images.gz")))) {
                    gz.write(images.toByteArray());
                }
                return dir.resolve("images.gz");
            }
            case "cifar10" -> {
                Path d = Files.createDirectories(dir.resolve("c10"));
                Files.writeString(d.resolve("batches.meta.txt"), "a\nb\n");
                for (String f : List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin",
                        "test_batch.bin")) {
                    byte[] records = random(2 * Cifar10Source.RECORD, f.hashCode());
                    records[0] = 0;
                    records[Cifar10Source.RECORD] = 1;
                    Files.write(d.resolve(f), records);
                }
                return d.resolve("data_batch_1.bin");
            }
            case "cifar5m" -> {
                Path d = Files.createDirectories(dir.resolve("c5m"));
                try (NpzWriter w = NpzWriter.create(d.resolve("part0.npz"), true)) {
                    w.writeArray("X", NpyHeader.of(DType.UINT8, false, 2, 32, 32, 3), random(2 * 3072, 2));
                    w.writeArray("Y", NpyHeader.of(DType.INT64, false, 2), new byte[16]);
                    w.finish();
                }
                return d.resolve("part0.npz");
            }
            default -> {
                String ext = format.substring("image-".length());
                Path main = null;
                for (String c : List.of("a", "b")) {
                    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                    Random r = new Random(c.hashCode());
                    for (int y = 0; y < 8; y++) {
                        for (int x = 0; x < 8; x++) {
                            img.setRGB(x, y, r.nextInt());
                        }
                    }
                    Path f = Files.createDirectories(dir.resolve("img").resolve(c)).resolve("0." + ext);
                    ImageIO.write(img, ext.equals("jpg") ? "jpeg" : "png", f.toFile());
                    main = main == null ? f : main;
                }
                return main;
            }
        }
    }

    private static final String[] FORMATS = {"npy", "npz", "idx", "idx-gz", "cifar10", "cifar5m", "image-png", "image-jpg"};

    @Test
    void everyWellFormedSetLoads() throws IOException {
        for (String format : FORMATS) {
            write(format);
            assertThat(((ExamplePool) load(format)).size()).as(format).isGreaterThan(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"npy", "npz", "idx", "idx-gz", "cifar10", "cifar5m", "image-png", "image-jpg"})
    void aTruncatedFileIsNamedAndCalledTruncated(String format) throws IOException {
        Path file = write(format);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 3));
        assertThatThrownBy(() -> load(format)).isInstanceOf(MalformedFileException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("truncated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"npy", "npz", "idx", "cifar5m", "image-png"})
    void aFileOfAnotherFormatIsNamedWithWhatWasExpected(String format) throws IOException {
        Path file = write(format);
        Files.write(file, "%PDF-1.4 not what you think\n".repeat(20).getBytes());
        String expected = switch (format) {
            case "npy" -> ", byte offset 0: not an NPY array: expected magic \\x93NUMPY, found %PDF-1";
            case "npz", "cifar5m" -> ", byte offset 0: not a zip archive: no end of central directory record in the last 560 bytes";
            case "idx" -> ", byte offset 0: bad magic number: expected 00 00 <type> <ndims>, found 25 50 44 46";
            default -> ", byte offset 0: not a PNG or JPEG image javax.imageio can decode";
        };
        assertThatThrownBy(() -> load(format)).isInstanceOf(MalformedFileException.class).hasMessage(file + expected);
    }

    @Test
    void aCorruptDeflatedNpzMemberNamesFileAndMember() throws IOException {
        byte[] x = npy(NpyHeader.of(DType.UINT8, false, 3, 4, 4), random(48, 1));
        byte[] y = npy(NpyHeader.of(DType.UINT8, false, 3), new byte[] {0, 1, 2});
        Path npz = dir.resolve("d.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(npz))) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry("X.npy"));
            zip.write(x);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("Y.npy"));
            zip.write(y);
            zip.closeEntry();
        }
        assertThat(((ExamplePool) load("npz")).size()).isEqualTo(3);
        byte[] bytes = Files.readAllBytes(npz);
        int xData = 30 + "X.npy".length(); // the JDK writes no local extra field
        bytes[xData] = (byte) 0xFF; // first deflate block header: final block of the reserved type 3
        Files.write(npz, bytes);
        String expected = npz + ", member X.npy, byte offset " + xData + ": corrupt DEFLATED data (invalid block type)";
        assertThatThrownBy(() -> load("npz")).isInstanceOf(MalformedFileException.class).hasMessage(expected);
        // the same through the spill file (members larger than max-inflated-bytes), which is not left behind
        assertThatThrownBy(() -> new ArraySources.NpzFactory().create(TestDataContext.merged("npz", "file = d.npz, max-inflated-bytes = 10"),
                new TestDataContext(dir))).isInstanceOf(MalformedFileException.class).hasMessage(expected);
        try (var files = Files.list(dir.resolve("cache").resolve("npz-inflated"))) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void deflatedDataThatInflatesToOtherBytesFailTheCrcCheck() throws IOException {
        byte[] x = npy(NpyHeader.of(DType.UINT8, false, 3, 4, 4), random(48, 1));
        Path npz = dir.resolve("d.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(npz))) {
            zip.setLevel(Deflater.NO_COMPRESSION); // stored blocks inside DEFLATE: a flipped data byte stays decodable
            zip.putNextEntry(new ZipEntry("X.npy"));
            zip.write(x);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("Y.npy"));
            zip.write(npy(NpyHeader.of(DType.UINT8, false, 3), new byte[] {0, 1, 2}));
            zip.closeEntry();
        }
        byte[] bytes = Files.readAllBytes(npz);
        int xData = 30 + "X.npy".length();
        bytes[xData + 5 + x.length - 1] ^= 1; // the last pixel, after the 5-byte stored-block header
        Files.write(npz, bytes);
        assertThatThrownBy(() -> load("npz")).isInstanceOf(MalformedFileException.class)
                .hasMessageMatching("\\Q" + npz + ", member X.npy, byte offset " + xData
                        + ": corrupt DEFLATED data: the inflated member has CRC-32 \\E[0-9a-f]{8}, the directory says [0-9a-f]{8}");
    }

    private static byte[] npy(NpyHeader header, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.encode());
        out.writeBytes(data);
        return out.toByteArray();
    }

    @Test
    void countAndShapeMismatchesNameBothFiles() throws IOException {
        write("npy");
        NpyWriter.write(dir.resolve("y.npy"), NpyHeader.of(DType.UINT8, false, 2), new byte[] {0, 1});
        assertThatThrownBy(() -> load("npy")).isInstanceOf(MalformedFileException.class)
                .hasMessage(dir.resolve("y.npy") + ": 2 labels for the 3 examples of features " + dir.resolve("x.npy"));
        NpyWriter.write(dir.resolve("y.npy"), NpyHeader.of(DType.UINT8, false, 3), new byte[] {0, 1, 2});
        NpyWriter.write(dir.resolve("tx.npy"), NpyHeader.of(DType.UINT8, false, 2, 4, 3), random(24, 3));
        NpyWriter.write(dir.resolve("ty.npy"), NpyHeader.of(DType.UINT8, false, 2), new byte[] {0, 1});
        assertThatThrownBy(() -> load("npy", "test-features = tx.npy, test-labels = ty.npy")).isInstanceOf(ConfigValueException.class)
                .hasMessageContaining(": test-features: ")
                .hasMessageEndingWith("test examples (" + dir.resolve("tx.npy") + " |u1 (2, 4, 3)) have shape 4x3x1, training examples ("
                        + dir.resolve("x.npy") + " |u1 (3, 4, 4)) 4x4x1");
        Path part = write("cifar5m");
        try (NpzWriter w = NpzWriter.create(part, true)) {
            w.writeArray("X", NpyHeader.of(DType.UINT8, false, 3, 32, 32, 3), random(3 * 3072, 2));
            w.writeArray("Y", NpyHeader.of(DType.INT64, false, 2), new byte[16]);
            w.finish();
        }
        assertThatThrownBy(() -> load("cifar5m")).isInstanceOf(MalformedFileException.class)
                .hasMessage(part + ", member Y.npy: 2 labels for the 3 examples of features " + part + ", member X.npy");
    }

    @Test
    void aMissingPathNamesItsKey() throws IOException {
        for (String format : FORMATS) {
            write(format);
        }
        Map<String, String> missing = Map.of("npy", "labels", "npz", "file", "idx", "train-labels", "cifar10", "dir", "cifar5m", "dir",
                "image-png", "dir");
        for (var e : missing.entrySet()) {
            String format = e.getKey();
            String key = e.getValue();
            String type = format.replaceFirst("-.*", "").replace("image", "image-folder");
            assertThatThrownBy(() -> FACTORIES.get(format).create(TestDataContext.merged(type, CONFIGS.get(format) + "\n" + key + " = nowhere"),
                    new TestDataContext(dir))).as(format)
                    .isInstanceOf(ConfigValueException.class)
                    .hasMessageContaining(": " + key + ": ")
                    .hasMessageEndingWith(dir.resolve("nowhere") + ": does not exist");
        }
    }

    @Test
    void aFolderWhereAFileBelongsAndAFileWhereAFolderBelong() throws IOException {
        write("npy");
        Files.createDirectories(dir.resolve("folder"));
        assertThatThrownBy(() -> load("npy", "features = folder")).isInstanceOf(ConfigValueException.class)
                .hasMessageContaining(": features: ")
                .hasMessageEndingWith(dir.resolve("folder") + ": is a directory, expected a file");
        write("cifar10");
        assertThatThrownBy(() -> new Cifar10Source.Factory().create(TestDataContext.merged("cifar10", "dir = x.npy"), new TestDataContext(dir)))
                .isInstanceOf(ConfigValueException.class)
                .hasMessageContaining(": dir: ")
                .hasMessageEndingWith(dir.resolve("x.npy") + ": is a file, expected a directory");
        Path batch = dir.resolve("c10").resolve("test_batch.bin");
        Files.delete(batch);
        Files.createDirectories(batch);
        assertThatThrownBy(() -> load("cifar10")).isInstanceOf(DataFileException.class)
                .hasMessage(batch + ": is a directory, expected a file");
    }

    private DataSource load(String format, String override) {
        return FACTORIES.get(format).create(TestDataContext.merged(format, CONFIGS.get(format) + "\n" + override), new TestDataContext(dir));
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws IOException {
        write("npy");
        Path locked = unreadable(dir.resolve("locked.npy"));
        assertThatThrownBy(() -> load("npy", "labels = locked.npy")).isInstanceOf(ConfigValueException.class)
                .hasMessageContaining(": labels: ")
                .hasMessageEndingWith(locked + ": cannot read: permission denied");
        Path image = write("image-png");
        Files.delete(image);
        unreadable(image);
        assertThatThrownBy(() -> load("image-png")).isInstanceOf(DataFileException.class)
                .hasMessage(image + ": cannot read: permission denied");
    }

    /**
     * Makes {@code file} a file this process may not read: mode 000, or, for root (who reads any mode), a
     * link to a write-only sysfs attribute, which the kernel refuses to open for reading even to root.
     */
    private static Path unreadable(Path file) throws IOException {
        Files.write(file, new byte[16]);
        Files.setPosixFilePermissions(file, java.util.Set.of());
        if (!canRead(file)) {
            return file;
        }
        Files.delete(file);
        for (String candidate : List.of("/sys/bus/pci/rescan", "/sys/kernel/mm/ksm/run", "/sys/power/wakeup_count")) {
            Path target = Path.of(candidate);
            if (Files.exists(target) && !canRead(target)) {
                return Files.createSymbolicLink(file, target);
            }
        }
        Assumptions.abort("this process reads files of any mode (root) and no write-only sysfs file is available");
        return file;
    }

    private static boolean canRead(Path file) {
        try (var ignored = Files.newByteChannel(file)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
