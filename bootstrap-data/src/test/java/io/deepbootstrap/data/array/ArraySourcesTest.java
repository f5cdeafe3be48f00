package io.deepbootstrap.data.array;

import static io.deepbootstrap.data.TestDataContext.merged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.data.TestDataContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArraySourcesTest {
    @TempDir
    Path dir;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] shorts(int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putShort((short) x);
        }
        return b.array();
    }

    @Test
    void npyPoolReadsUint8ImagesByteExactWithTestSet() throws IOException {
        byte[] x = random(6 * 4 * 4 * 3, 1);
        byte[] tx = random(2 * 4 * 4 * 3, 2);
        NpyWriter.write(dir.resolve("x.npy"), NpyHeader.of(DType.UINT8, false, 6, 4, 4, 3), x);
        NpyWriter.write(dir.resolve("y.npy"), NpyHeader.of(DType.INT16, false, 6), shorts(0, 1, 2, 0, 1, 2));
        NpyWriter.write(dir.resolve("tx.npy"), NpyHeader.of(DType.UINT8, false, 2, 4, 4, 3), tx);
        NpyWriter.write(dir.resolve("ty.npy"), NpyHeader.of(DType.INT16, false, 2, 1), shorts(2, 1));
        ExamplePool pool = (ExamplePool) new ArraySources.NpyFactory().create(merged("npy",
                "features = x.npy, labels = y.npy, test-features = tx.npy, test-labels = ty.npy, class-names = [a, b, c]"),
                new TestDataContext(dir));
        assertThat(pool.size()).isEqualTo(6);
        assertThat(pool.inputShape()).isEqualTo(new InputShape(4, 4, 3));
        assertThat(pool.numClasses()).isEqualTo(3);
        assertThat(pool.classNames()).containsExactly("a", "b", "c");
        float[] f = new float[48];
        for (int i = 0; i < 6; i++) {
            assertThat(pool.read(i, f, 0)).isEqualTo(i % 3);
            for (int j = 0; j < 48; j++) {
                assertThat(f[j]).isEqualTo((x[i * 48 + j] & 0xFF) / 127.5f - 1f);
            }
        }
        ExamplePool test = pool.testPool().orElseThrow();
        assertThat(test.size()).isEqualTo(2);
        assertThat(test.read(1, f, 0)).isEqualTo(1);
        assertThat(f[47]).isEqualTo((tx[95] & 0xFF) / 127.5f - 1f);
    }

    @Test
    void npyPoolReadsFloatVectorsAsIsAndInfersClasses() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(3 * 2 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 6; k++) {
            b.putDouble(k * 0.25 - 0.5);
        }
        NpyWriter.write(dir.resolve("x.npy"), NpyHeader.of(DType.FLOAT64, false, 3, 2), b.array());
        NpyWriter.write(dir.resolve("y.npy"), NpyHeader.of(DType.UINT8, false, 3), new byte[] {4, 0, 1});
        ExamplePool pool = (ExamplePool) new ArraySources.NpyFactory().create(merged("npy", "features = x.npy, labels = y.npy"),
                new TestDataContext(dir));
        assertThat(pool.inputShape()).isEqualTo(InputShape.vector(2));
        assertThat(pool.numClasses()).isEqualTo(5);
        float[] f = new float[2];
        assertThat(pool.read(2, f, 0)).isEqualTo(1);
        assertThat(f).containsExactly(0.5f, 0.75f);
        assertThat(pool.testPool()).isEmpty();
    }

    @Test
    void labelOutOfRangeNamesFileMemberIndexAndOffset() throws IOException {
        NpyWriter.write(dir.resolve("x.npy"), NpyHeader.of(DType.UINT8, false, 3, 2), new byte[6]);
        NpyWriter.write(dir.resolve("y.npy"), NpyHeader.of(DType.INT16, false, 3), shorts(0, 1, 10));
        assertThatThrownBy(() -> new ArraySources.NpyFactory().create(merged("npy", "features = x.npy, labels = y.npy, classes = 10"),
                new TestDataContext(dir))).isInstanceOf(MalformedFileException.class)
                .hasMessage(dir.resolve("y.npy") + ", byte offset 132: label index 2: label 10 is outside 0..9");
        Path npz = dir.resolve("d.npz");
        try (NpzWriter w = NpzWriter.create(npz, false)) {
            w.writeArray("X", NpyHeader.of(DType.UINT8, false, 3, 2), new byte[6]);
            w.writeArray("Y", NpyHeader.of(DType.INT64, false, 3), ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(1).putLong(-1).putLong(0).array());
            w.finish();
        }
        long yData = 30 + 5 + 128 + 6 + 30 + 5 + 128;
        assertThatThrownBy(() -> new ArraySources.NpzFactory().create(merged("npz", "file = d.npz, classes = 2"), new TestDataContext(dir)))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage(npz + ", member Y.npy, byte offset " + (yData + 8) + ": label index 1: label -1 is outside 0..1");
        assertThatThrownBy(() -> new ArraySources.NpzFactory().create(merged("npz", "file = d.npz, labels = y_train"), new TestDataContext(dir)))
                .hasMessage(npz + ", member y_train.npy: no such member; the archive holds [X, Y]");
    }

    @Test
    void npzPoolReadsMembersAndMismatchesAreReported() throws IOException {
        byte[] x = random(4 * 2 * 2, 3);
        Path npz = dir.resolve("d.npz");
        try (NpzWriter w = NpzWriter.create(npz, true)) {
            w.writeArray("x_train", NpyHeader.of(DType.UINT8, false, 4, 2, 2), x);
            w.writeArray("y_train", NpyHeader.of(DType.INT32, false, 4), ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(1).putInt(0).putInt(1).putInt(0).array());
            w.writeArray("y_short", NpyHeader.of(DType.INT32, false, 3), new byte[12]);
            w.finish();
        }
        ExamplePool pool = (ExamplePool) new ArraySources.NpzFactory().create(merged("npz",
                "file = d.npz, features = x_train, labels = y_train, test-features = x_train, test-labels = y_train"), new TestDataContext(dir));
        assertThat(pool.inputShape()).isEqualTo(new InputShape(2, 2, 1));
        float[] f = new float[4];
        assertThat(pool.read(2, f, 0)).isEqualTo(1);
        for (int j = 0; j < 4; j++) {
            assertThat(f[j]).isEqualTo((x[8 + j] & 0xFF) / 127.5f - 1f);
        }
        assertThat(pool.testPool().orElseThrow().size()).isEqualTo(4);
        assertThatThrownBy(() -> new ArraySources.NpzFactory().create(merged("npz", "file = d.npz, features = x_train, labels = y_short"),
                new TestDataContext(dir))).hasMessage(npz + ", member y_short.npy: 3 labels for the 4 examples of features " + npz + ", member x_train.npy");
        assertThatThrownBy(() -> new ArraySources.NpzFactory().create(merged("npz", "file = d.npz, scale = fancy"), new TestDataContext(dir)))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("scale").hasMessageContaining("expected auto, none or byte, got 'fancy'");
        assertThatThrownBy(() -> new ArraySources.NpzFactory().create(merged("npz", ""), new TestDataContext(dir)))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("file").hasMessageContaining("a path is required");
    }
}
