package io.deepbootstrap.data.cifar;

import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.data.TestDataContext;
import io.deepbootstrap.data.array.ArrayOutput;
import io.deepbootstrap.data.array.DType;
import io.deepbootstrap.data.array.NpyHeader;
import io.deepbootstrap.data.array.NpzWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Not a test: writes a full-size CIFAR-5m (6 parts of 1,000,448 images, 18.4 GB of X) as SPARSE files (only the
 * first and last image of each part and the labels hold data) and opens and reads it through the cifar5m source.
 * Run with a small heap (e.g. -Xmx256m) to show the set needs no heap:
 * {@code java -Xmx256m -cp ... io.deepbootstrap.data.cifar.Cifar5mScaleCheck /tmp/c5m}.
 */
public final class Cifar5mScaleCheck {
    private Cifar5mScaleCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        int n = Cifar5mWriter.CIFAR5M_PART_SIZE;
        int d = 3072;
        byte[] image = new byte[d];
        long t0 = System.nanoTime();
        for (int p = 0; p < 6; p++) {
            Path f = dir.resolve("part" + p + ".npz");
            if (Files.exists(f)) {
                continue;
            }
            try (NpzWriter w = NpzWriter.create(f, true)) {
                try (ArrayOutput x = w.beginArray("X", NpyHeader.of(DType.UINT8, false, n, 32, 32, 3))) {
                    java.util.Arrays.fill(image, (byte) (p * 40));
                    x.write(image);
                    x.skip((long) (n - 2) * d);
                    java.util.Arrays.fill(image, (byte) (p * 40 + 1));
                    x.write(image);
                }
                try (ArrayOutput y = w.beginArray("Y", NpyHeader.of(DType.INT64, false, n))) {
                    for (int i = 0; i < n; i++) {
                        y.writeLong((i + p) % 10);
                    }
                }
                w.finish();
            }
        }
        System.out.printf("wrote sparse parts in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        ExamplePool pool = (ExamplePool) new Cifar5mSource.Factory().create(ConfigFactory.parseString("dir = \"" + dir + "\"")
                .withFallback(ConfigFactory.load().getConfig(ComponentKind.DATA_SOURCE.defaultsPath("cifar5m"))), new TestDataContext(dir));
        System.out.printf("opened %d train + %d test examples (all 6,002,688 labels checked) in %.1f s%n", pool.size(),
                pool.testPool().orElseThrow().size(), (System.nanoTime() - t0) / 1e9);
        float[] f = new float[d];
        int label = pool.read(pool.size() - 1, f, 0);
        System.out.printf("last example: label %d, first value %.4f (expected %.4f), byte offset > 2^31 within part5%n", label, f[0],
                (5 * 40 + 1) / 127.5f - 1f);
        int reads = Integer.parseInt(args.length > 1 ? args[1] : "50000");
        for (String pass : new String[] {"first touch", "same indices again (pages cached)"}) {
            SplittableRandom r = new SplittableRandom(1);
            t0 = System.nanoTime();
            long sum = 0;
            for (int i = 0; i < reads; i++) {
                sum += pool.read(r.nextLong(pool.size()), f, 0);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            Runtime rt = Runtime.getRuntime();
            System.out.printf("%s: %d random reads in %.1f s (%.0f examples/s), label sum %d; heap max %d MB, used %d MB%n", pass, reads, s,
                    reads / s, sum, rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
        }
    }
}
