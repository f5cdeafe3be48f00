package io.deepbootstrap.data.array;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ExampleArray#read} on its bulk paths (uint8, int8 and little-endian float32 in C order, NHWC) and its
 * element path: every value bit for bit as computed from the stored element, from one thread and from several
 * threads reading the same array at once.
 */
class ExampleArrayReadTest {
    private static final int N = 40;
    private static final int H = 5;
    private static final int W = 6;
    private static final int C = 3;
    private static final int SIZE = H * W * C;

    @TempDir
    Path dir;

    /** The stored element of example {@code n} at NHWC position j, as the tests write it. */
    private static int element(byte[] data, DType t, int n, int j) {
        int k = n * SIZE + j;
        return t.kind() == 'u' ? data[k] & 0xFF : data[k];
    }

    private ExampleArray bytes(DType t, Scale scale, byte[] data) throws IOException {
        Path f = dir.resolve("x" + t.kind() + scale + ".npy");
        NpyWriter.write(f, NpyHeader.of(t, false, N, H, W, C), data);
        return new ExampleArray(NpyArray.open(f), ExampleArray.Layout.NHWC, scale);
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void singleByteImagesReadExactlyWithAndWithoutRescaling() throws IOException {
        byte[] data = random(N * SIZE, 1);
        for (DType t : new DType[] {DType.UINT8, DType.INT8}) {
            for (Scale scale : new Scale[] {Scale.AUTO, Scale.NONE}) {
                ExampleArray x = bytes(t, scale, data);
                boolean rescale = scale.rescales(t);
                assertThat(rescale).isEqualTo(scale == Scale.AUTO && t == DType.UINT8);
                float[] out = new float[2 * SIZE + 1];
                for (int n = 0; n < N; n++) {
                    x.read(n, out, SIZE + 1);
                    for (int j = 0; j < SIZE; j++) {
                        float v = element(data, t, n, j);
                        float expected = rescale ? v / 127.5f - 1f : v;
                        assertThat(Float.floatToRawIntBits(out[SIZE + 1 + j])).as("%s %s example %d value %d", t, scale, n, j)
                                .isEqualTo(Float.floatToRawIntBits(expected));
                    }
                }
            }
        }
    }

    @Test
    void float32ImagesReadExactly() throws IOException {
        Random r = new Random(2);
        float[] values = new float[N * SIZE];
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) r.nextGaussian() * 300f;
            b.putFloat(values[k]);
        }
        Path f = dir.resolve("f.npy");
        NpyWriter.write(f, NpyHeader.of(DType.FLOAT32, false, N, H, W, C), b.array());
        ExampleArray stored = new ExampleArray(NpyArray.open(f), ExampleArray.Layout.NHWC, Scale.NONE);
        ExampleArray scaled = new ExampleArray(NpyArray.open(f), ExampleArray.Layout.NHWC, Scale.BYTE);
        float[] out = new float[SIZE];
        float[] outScaled = new float[SIZE];
        for (int n = 0; n < N; n++) {
            stored.read(n, out, 0);
            scaled.read(n, outScaled, 0);
            for (int j = 0; j < SIZE; j++) {
                float v = values[n * SIZE + j];
                assertThat(Float.floatToRawIntBits(out[j])).isEqualTo(Float.floatToRawIntBits(v));
                assertThat(Float.floatToRawIntBits(outScaled[j])).isEqualTo(Float.floatToRawIntBits(v / 127.5f - 1f));
            }
        }
    }

    @Test
    void concurrentReadersGetTheSameValuesAsOneReader() throws Exception {
        byte[] data = random(N * SIZE, 3);
        ExampleArray x = bytes(DType.UINT8, Scale.AUTO, data);
        // reference values computed from the stored bytes, not by the reader under test
        float[][] expected = new float[N][SIZE];
        for (int n = 0; n < N; n++) {
            for (int j = 0; j < SIZE; j++) {
                expected[n][j] = element(data, DType.UINT8, n, j) / 127.5f - 1f;
            }
        }
        int threads = 24; // more threads than ScratchBytes has slots: some share one
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                tasks.add(() -> {
                    Random r = new Random(seed);
                    float[] out = new float[SIZE];
                    int mismatches = 0;
                    for (int i = 0; i < 5_000; i++) {
                        int n = r.nextInt(N);
                        x.read(n, out, 0);
                        for (int j = 0; j < SIZE; j++) {
                            if (Float.floatToRawIntBits(out[j]) != Float.floatToRawIntBits(expected[n][j])) {
                                mismatches++;
                            }
                        }
                    }
                    return mismatches;
                });
            }
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void scratchBuffersAreNeverSharedAndAreReused() {
        ScratchBytes s = new ScratchBytes(7);
        byte[] a = s.borrow();
        byte[] b = s.borrow(); // a is still out: another buffer
        assertThat(a).hasSize(7);
        assertThat(b).hasSize(7).isNotSameAs(a);
        s.giveBack(a);
        assertThat(s.borrow()).isSameAs(a); // given back: lent again, no allocation
        assertThat(s.borrow()).isNotSameAs(a); // but not to a second borrower while it is out
    }
}
