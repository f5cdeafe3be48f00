package io.deepbootstrap.data.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.data.TestContexts;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the real Fashion-MNIST files of Debian's dataset-fashion-mnist package. */
class FashionMnistSourceTest {

    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");
    static ExamplePool pool;

    @BeforeAll
    static void load() {
        pool = (ExamplePool) new FashionMnistSourceFactory().create(
                TestContexts.merged(ComponentKind.DATA_SOURCE, "fashion-mnist", ""), TestContexts.data(Path.of(".")));
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
    void labelHistogramsAreBalancedAndValuesInRange() {
        assertHistogram(pool, 6_000);
        assertHistogram(pool.testPool().orElseThrow(), 1_000);
    }

    private static void assertHistogram(ExamplePool p, int perClass) {
        int[] counts = new int[10];
        float[] x = new float[784];
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (long i = 0; i < p.size(); i++) {
            counts[p.read(i, x, 0)]++;
            for (float v : x) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertThat(counts).containsOnly(perClass);
        assertThat(min).isEqualTo(-1f);
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void firstImageMatchesTheFileReadDirectly() throws IOException {
        byte[] expected = new byte[784];
        int expectedLabel;
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(
                Files.newInputStream(DIR.resolve("train-images-idx3-ubyte.gz"))))) {
            assertThat(in.readInt()).isEqualTo(0x00000803);
            assertThat(new int[] {in.readInt(), in.readInt(), in.readInt()}).containsExactly(60_000, 28, 28);
            in.readFully(expected);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(DIR.resolve("train-labels-idx1-ubyte.gz")))) {
            in.readNBytes(8);
            expectedLabel = in.read();
        }
        float[] x = new float[784];
        assertThat(pool.read(0, x, 0)).isEqualTo(expectedLabel);
        for (int j = 0; j < 784; j++) {
            assertThat(Math.round((x[j] + 1f) * 127.5f)).as("pixel %d", j).isEqualTo(expected[j] & 0xff);
        }
        IdxArray raw = IdxReader.read(DIR.resolve("train-images-idx3-ubyte.gz"));
        assertThat(java.util.Arrays.copyOf(raw.bytes(), 784)).containsExactly(expected);
    }

    @Test
    void missingDirectoryOrFileSaysHowToInstall(@TempDir Path tmp) throws IOException {
        FashionMnistSourceFactory f = new FashionMnistSourceFactory();
        Path missing = tmp.resolve("nowhere");
        assertThatThrownBy(() -> f.create(TestContexts.merged(ComponentKind.DATA_SOURCE, "fashion-mnist",
                "dir = \"" + missing + "\""), TestContexts.data(tmp)))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("Fashion-MNIST directory " + missing + " does not exist")
                .hasMessageContaining("apt-get install dataset-fashion-mnist")
                .hasMessageContaining("set data.dir");
        Files.copy(DIR.resolve("train-labels-idx1-ubyte.gz"), tmp.resolve("train-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> f.create(TestContexts.merged(ComponentKind.DATA_SOURCE, "fashion-mnist",
                "dir = ."), TestContexts.data(tmp)))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("Fashion-MNIST file " + tmp.resolve(".").resolve("train-images-idx3-ubyte.gz")
                        + " not found")
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
    }
}
