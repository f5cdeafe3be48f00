package io.deepbootstrap.data.cifar;

import static io.deepbootstrap.data.TestDataContext.merged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.data.TestDataContext;
import io.deepbootstrap.data.array.ArraySources;
import io.deepbootstrap.data.array.DType;
import io.deepbootstrap.data.array.MalformedFileException;
import io.deepbootstrap.data.array.NpyHeader;
import io.deepbootstrap.data.array.NpzWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarSourcesTest {
    @TempDir
    Path dir;

    private static final List<String> NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private byte[] writeBatch(Path file, int records, long seed) throws IOException {
        byte[] b = new byte[records * Cifar10Source.RECORD];
        new Random(seed).nextBytes(b);
        for (int r = 0; r < records; r++) {
            b[r * Cifar10Source.RECORD] = (byte) ((r + seed) % 10);
        }
        Files.write(file, b);
        return b;
    }

    @Test
    void cifar10BinaryRecordsBecomeNhwcByteExact() throws IOException {
        Path d = dir.resolve("cifar-10-batches-bin");
        Files.createDirectories(d);
        Files.writeString(d.resolve("batches.meta.txt"), String.join("\n", NAMES) + "\n\n");
        List<byte[]> batches = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            batches.add(writeBatch(d.resolve("data_batch_" + i + ".bin"), 3, i));
        }
        byte[] test = writeBatch(d.resolve("test_batch.bin"), 2, 9);
        ExamplePool pool = (ExamplePool) new Cifar10Source.Factory().create(merged("cifar10", ""), new TestDataContext(dir));
        assertThat(pool.size()).isEqualTo(15);
        assertThat(pool.inputShape()).isEqualTo(new InputShape(32, 32, 3));
        assertThat(pool.classNames()).isEqualTo(NAMES);
        float[] f = new float[3072];
        for (int i = 0; i < 15; i++) {
            byte[] b = batches.get(i / 3);
            int base = (i % 3) * Cifar10Source.RECORD;
            assertThat(pool.read(i, f, 0)).isEqualTo(b[base]);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    for (int c = 0; c < 3; c++) {
                        int stored = b[base + 1 + c * 1024 + y * 32 + x] & 0xFF;
                        assertThat(f[(y * 32 + x) * 3 + c]).isEqualTo(stored / 127.5f - 1f);
                    }
                }
            }
        }
        ExamplePool t = pool.testPool().orElseThrow();
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.read(1, f, 0)).isEqualTo(test[Cifar10Source.RECORD]);
        assertThat(f[0]).isEqualTo((test[Cifar10Source.RECORD + 1] & 0xFF) / 127.5f - 1f);
    }

    @Test
    void cifar10ErrorsNameFileAndOffset() throws IOException {
        Path d = dir.resolve("c");
        Files.createDirectories(d);
        assertThatThrownBy(() -> Cifar10Source.open(d)).hasMessageStartingWith(d.resolve("batches.meta.txt") + ": missing:");
        Files.writeString(d.resolve("batches.meta.txt"), String.join("\n", NAMES));
        for (int i = 1; i <= 5; i++) {
            writeBatch(d.resolve("data_batch_" + i + ".bin"), 2, i);
        }
        assertThatThrownBy(() -> Cifar10Source.open(d)).hasMessage(d.resolve("test_batch.bin") + ": missing CIFAR-10 batch file");
        Files.write(d.resolve("test_batch.bin"), new byte[Cifar10Source.RECORD + 100]);
        assertThatThrownBy(() -> Cifar10Source.open(d)).isInstanceOf(MalformedFileException.class).hasMessage(d.resolve("test_batch.bin")
                + ", byte offset 3073: truncated CIFAR-10 batch: 3173 bytes is not a whole number of 3,073-byte records (label byte + 3,072 pixel bytes)");
        byte[] bad = new byte[2 * Cifar10Source.RECORD];
        bad[Cifar10Source.RECORD] = 12;
        Files.write(d.resolve("test_batch.bin"), bad);
        assertThatThrownBy(() -> Cifar10Source.open(d)).hasMessage(d.resolve("test_batch.bin")
                + ", byte offset 3073: record 1: label 12 is outside 0..9");
    }

    /** Writes CIFAR-5m-style parts with distinct content and int64 or uint8 labels. */
    private List<byte[]> writeParts(Path d, int[] sizes, DType labelType) throws IOException {
        Files.createDirectories(d);
        List<byte[]> xs = new ArrayList<>();
        for (int p = 0; p < sizes.length; p++) {
            int n = sizes[p];
            byte[] x = new byte[n * 3072];
            new Random(p).nextBytes(x);
            ByteBuffer y = ByteBuffer.allocate(n * labelType.size()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                if (labelType.size() == 8) {
                    y.putLong((i + p) % 10);
                } else {
                    y.put((byte) ((i + p) % 10));
                }
            }
            try (NpzWriter w = NpzWriter.create(d.resolve("part" + p + ".npz"), true)) {
                w.writeArray("X", NpyHeader.of(DType.UINT8, false, n, 32, 32, 3), x);
                w.writeArray("Y", NpyHeader.of(labelType, false, n), y.array());
                w.finish();
            }
            xs.add(x);
        }
        return xs;
    }

    @Test
    void cifar5mPartsFormThePoolMinusTheTestPrefixOfPartFive() throws IOException {
        Path d = dir.resolve("cifar5m");
        List<byte[]> xs = writeParts(d, new int[] {4, 3, 2, 3, 2, 5}, DType.INT64);
        ExamplePool pool = (ExamplePool) new Cifar5mSource.Factory().create(merged("cifar5m", "test-split-size = 2"), new TestDataContext(dir));
        assertThat(pool.size()).isEqualTo(4 + 3 + 2 + 3 + 2 + 3);
        assertThat(pool.numClasses()).isEqualTo(10);
        assertThat(pool.classNames()).isEqualTo(NAMES);
        float[] f = new float[3072];
        // pool index 14 = part 5, example 2 (after the 2-example test prefix)
        assertThat(pool.read(14, f, 0)).isEqualTo((2 + 5) % 10);
        for (int j = 0; j < 3072; j++) {
            assertThat(f[j]).isEqualTo((xs.get(5)[2 * 3072 + j] & 0xFF) / 127.5f - 1f);
        }
        assertThat(pool.read(7, f, 0)).isEqualTo((0 + 2) % 10); // part 2, example 0
        assertThat(f[100]).isEqualTo((xs.get(2)[100] & 0xFF) / 127.5f - 1f);
        ExamplePool test = pool.testPool().orElseThrow();
        assertThat(test.size()).isEqualTo(2);
        assertThat(test.read(1, f, 0)).isEqualTo(6);
        assertThat(f[3071]).isEqualTo((xs.get(5)[2 * 3072 - 1] & 0xFF) / 127.5f - 1f);

        ExamplePool noTest = (ExamplePool) new Cifar5mSource.Factory().create(merged("cifar5m", "test-split-size = 0"), new TestDataContext(dir));
        assertThat(noTest.size()).isEqualTo(19);
        assertThat(noTest.testPool()).isEmpty();
        ExamplePool part0Test = (ExamplePool) new Cifar5mSource.Factory().create(merged("cifar5m", "test-part = 0, test-split-size = 4"),
                new TestDataContext(dir));
        assertThat(part0Test.size()).isEqualTo(15);
        assertThat(part0Test.read(0, f, 0)).isEqualTo(1); // part 1, example 0
        assertThatThrownBy(() -> new Cifar5mSource.Factory().create(merged("cifar5m", "test-part = 7"), new TestDataContext(dir)))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("part7.npz is not in " + d + " (found parts [0, 1, 2, 3, 4, 5])");
        assertThatThrownBy(() -> new Cifar5mSource.Factory().create(merged("cifar5m", "test-split-size = 6"), new TestDataContext(dir)))
                .isInstanceOf(ConfigValueException.class).hasMessageContaining("part5.npz holds only 5 examples, test-split-size is 6");
    }

    @Test
    void cifar5mLabelsOfAnyIntegerDtypeAreCheckedAgainstTheClasses() throws IOException {
        Path d = dir.resolve("c5");
        writeParts(d, new int[] {3, 2}, DType.UINT8);
        ExamplePool pool = (ExamplePool) new Cifar5mSource.Factory().create(merged("cifar5m", "dir = c5, test-part = 1, test-split-size = 1"),
                new TestDataContext(dir));
        assertThat(pool.size()).isEqualTo(4);
        assertThatThrownBy(() -> new Cifar5mSource.Factory().create(merged("cifar5m",
                "dir = c5, test-part = 1, test-split-size = 1, classes = 2, class-names = []"), new TestDataContext(dir)))
                .isInstanceOf(MalformedFileException.class)
                .hasMessageMatching("\\Q" + d.resolve("part0.npz") + ", member Y.npy, byte offset \\E\\d+: label index 2: label 2 is outside 0..1");
    }

    /** A generator of pixel-exact values (k / 127.5 - 1), so a write/read round trip is exact. */
    private static class PixelGenerator implements ExampleGenerator {
        @Override
        public InputShape inputShape() {
            return new InputShape(32, 32, 3);
        }

        @Override
        public int numClasses() {
            return 10;
        }

        @Override
        public int sample(RandomGenerator random, float[] features, int offset) {
            for (int j = 0; j < 3072; j++) {
                features[offset + j] = random.nextInt(256) / 127.5f - 1f;
            }
            return random.nextInt(10);
        }
    }

    @Test
    void generatedSetsAreReadBackByteExactByTheCifar5mAndNpzSources() throws IOException {
        Path out = dir.resolve("generated");
        List<Long> progress = new ArrayList<>();
        List<Path> parts = new Cifar5mWriter(7, progress::add).write(new PixelGenerator(), new SplittableRandom(42), 20, out);
        assertThat(parts).containsExactly(out.resolve("part0.npz"), out.resolve("part1.npz"), out.resolve("part2.npz"));
        assertThat(progress).last().isEqualTo(20L);
        ExamplePool pool = (ExamplePool) new Cifar5mSource.Factory().create(merged("cifar5m", "dir = generated, test-part = 2, test-split-size = 3"),
                new TestDataContext(dir));
        assertThat(pool.size()).isEqualTo(17);
        ExamplePool test = pool.testPool().orElseThrow();
        SplittableRandom again = new SplittableRandom(42);
        PixelGenerator g = new PixelGenerator();
        float[] expected = new float[3072];
        float[] actual = new float[3072];
        for (int i = 0; i < 20; i++) {
            int label = g.sample(again, expected, 0);
            int got = i < 14 ? pool.read(i, actual, 0) : i < 17 ? test.read(i - 14, actual, 0) : pool.read(i - 3, actual, 0);
            assertThat(got).as("label %d", i).isEqualTo(label);
            assertThat(actual).as("example %d", i).containsExactly(expected);
        }
        ExamplePool npz = (ExamplePool) new ArraySources.NpzFactory().create(merged("npz", "file = generated/part1.npz"), new TestDataContext(dir));
        assertThat(npz.size()).isEqualTo(7);
        assertThat(npz.numClasses()).isLessThanOrEqualTo(10);
        assertThat(Cifar5mWriter.quantize(-1.2f)).isZero();
        assertThat(Cifar5mWriter.quantize(1f)).isEqualTo(255);
        assertThat(Cifar5mWriter.quantize(0f)).isEqualTo(128);
    }

    @Test
    void anInterruptedGenerateLeavesOnlyCompleteParts() throws IOException {
        Path out = dir.resolve("generated");
        new Cifar5mWriter(7, n -> { }).write(new PixelGenerator(), new SplittableRandom(1), 14, out);
        byte[] oldPart1 = Files.readAllBytes(out.resolve("part1.npz"));
        PixelGenerator failing = new PixelGenerator() {
            private int drawn;

            @Override
            public int sample(RandomGenerator random, float[] features, int offset) {
                if (++drawn == 10) {
                    throw new IllegalStateException("generator failed at example 10");
                }
                return super.sample(random, features, offset);
            }
        };
        assertThatThrownBy(() -> new Cifar5mWriter(7, n -> { }).write(failing, new SplittableRandom(2), 14, out))
                .hasMessage("generator failed at example 10");
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no temporary files").containsExactlyInAnyOrder("part0.npz", "part1.npz");
        }
        assertThat(Files.readAllBytes(out.resolve("part1.npz"))).as("the earlier part1 is untouched").isEqualTo(oldPart1);
        ExamplePool part0 = (ExamplePool) new ArraySources.NpzFactory().create(merged("npz", "file = generated/part0.npz"), new TestDataContext(dir));
        SplittableRandom again = new SplittableRandom(2);
        float[] expected = new float[3072];
        float[] actual = new float[3072];
        for (int i = 0; i < 7; i++) {
            assertThat(part0.read(i, actual, 0)).isEqualTo(new PixelGenerator().sample(again, expected, 0));
            assertThat(actual).as("the new part0 is complete").containsExactly(expected);
        }
    }
}
