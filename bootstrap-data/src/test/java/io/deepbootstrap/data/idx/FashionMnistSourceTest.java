package io.deepbootstrap.data.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.data.TestContexts;
import io.deepbootstrap.testsupport.FashionMnistData;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the real Fashion-MNIST files of Debian's dataset-fashion-mnist package. */
@FashionMnistData
class FashionMnistSourceTest {

    static final Path DIR = FashionMnistData.DIR;
    @TempDir
    static Path cache;
    static ExamplePool pool;

    @BeforeAll
    static void load() {
        pool = (ExamplePool) new FashionMnistSourceFactory().create(
                TestContexts.merged(ComponentKind.DATA_SOURCE, "fashion-mnist", ""), TestContexts.data(cache));
    }

    @Test
    void sizesShapeAndClasses() {
        assertThat(pool.size()).isEqualTo(60_000);
        assertThat(pool.testPool().orElseThrow().size()).isEqualTo(10_000);
        assertThat(pool.inputShape()).isEqualTo(new InputShape(28, 28, 1));
        assertThat(pool.numClasses()).isEqualTo(10);
        assertThat(pool.classNames()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        assertThat(pool.testPool().orElseThrow().classNames()).isEqualTo(pool.classNames());
    }

    @Test
    void labelHistogramsAreBalanced() {
        assertHistogram(pool, 6_000);
        assertHistogram(pool.testPool().orElseThrow(), 1_000);
    }

    private static void assertHistogram(ExamplePool p, int perClass) {
        int[] counts = new int[10];
        float[] x = new float[784];
        for (long i = 0; i < p.size(); i++) {
            counts[p.read(i, x, 0)]++;
        }
        assertThat(counts).containsOnly(perClass);
    }

    @Test
    void everyImageAndLabelMatchesTheFilesDecompressedIndependently() throws IOException {
        assertSameAsFiles(pool, "train", 60_000);
        assertSameAsFiles(pool.testPool().orElseThrow(), "t10k", 10_000);
    }

    /** Reads the .gz files with the JDK's own stream classes and compares every example: x = pixel / 127.5 - 1. */
    private static void assertSameAsFiles(ExamplePool p, String prefix, int n) throws IOException {
        try (DataInputStream images = new DataInputStream(new GZIPInputStream(Files.newInputStream(DIR.resolve(prefix + "-images-idx3-ubyte.gz"))));
             DataInputStream labels = new DataInputStream(new GZIPInputStream(Files.newInputStream(DIR.resolve(prefix + "-labels-idx1-ubyte.gz"))))) {
            assertThat(new int[] {images.readInt(), images.readInt(), images.readInt(), images.readInt()}).containsExactly(0x803, n, 28, 28);
            assertThat(new int[] {labels.readInt(), labels.readInt()}).containsExactly(0x801, n);
            byte[] pixels = new byte[784];
            float[] x = new float[784];
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                images.readFully(pixels);
                assertThat(p.read(i, x, 0)).as("label %d", i).isEqualTo(labels.readUnsignedByte());
                for (int j = 0; j < 784; j++) {
                    if (x[j] != (pixels[j] & 0xFF) / 127.5f - 1f) {
                        throw new AssertionError(prefix + " image " + i + " pixel " + j + ": read " + x[j] + ", file has " + (pixels[j] & 0xFF));
                    }
                    min = Math.min(min, x[j]);
                    max = Math.max(max, x[j]);
                }
            }
            assertThat(images.read()).as("no bytes after the last image").isEqualTo(-1);
            assertThat(min).isEqualTo(-1f);
            assertThat(max).isEqualTo(1f);
        }
    }

    @Test
    void imagesAreDecompressedOnceIntoTheCacheAndLabelsOnTheHeap() throws IOException {
        try (Stream<Path> s = Files.list(cache.resolve("cache").resolve("idx"))) {
            assertThat(s.map(f -> f.getFileName().toString().replaceFirst("-[0-9a-f]{24}$", "")))
                    .containsExactlyInAnyOrder("train-images-idx3-ubyte", "t10k-images-idx3-ubyte");
        }
    }

    @Test
    void missingDirectoryOrFileSaysHowToInstall(@TempDir Path tmp) throws IOException {
        FashionMnistSourceFactory f = new FashionMnistSourceFactory();
        Path missing = tmp.resolve("nowhere");
        assertThatThrownBy(() -> f.create(TestContexts.merged(ComponentKind.DATA_SOURCE, "fashion-mnist",
                "dir = \"" + missing + "\""), TestContexts.data(tmp)))
                .isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("Fashion-MNIST directory " + missing + " does not exist")
                .hasMessageContaining("apt-get install dataset-fashion-mnist")
                .hasMessageContaining("set data.dir");
        try (InputStream in = Files.newInputStream(DIR.resolve("train-labels-idx1-ubyte.gz"))) {
            Files.copy(in, tmp.resolve("train-labels-idx1-ubyte.gz"));
        }
        assertThatThrownBy(() -> f.create(TestContexts.merged(ComponentKind.DATA_SOURCE, "fashion-mnist",
                "dir = ."), TestContexts.data(tmp)))
                .isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("Fashion-MNIST file " + tmp.resolve(".").resolve("train-images-idx3-ubyte.gz")
                        + " not found")
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
    }
}
