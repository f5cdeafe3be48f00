package io.deepbootstrap.data.cifar;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.data.array.ArrayOutput;
import io.deepbootstrap.data.array.DType;
import io.deepbootstrap.data.array.NpyHeader;
import io.deepbootstrap.data.array.NpzWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

/**
 * Writes a sampled data set in CIFAR-5m's layout: {@code part0.npz, part1.npz, ...}, each an uncompressed
 * (STORED, Zip64) NPZ with {@code X} uint8 of shape {@code (n, h, w, c)} (NHWC; {@code (n, 32, 32, 3)} for
 * CIFAR-like sources) and {@code Y} int64 labels of shape {@code (n,)}. Features in [-1, 1] are quantized to
 * {@code round((x + 1) * 127.5)} clamped to 0..255, the inverse of the readers' {@code x / 127.5 - 1}.
 * The output is readable by {@code numpy.load} and by the {@code cifar5m} and {@code npz} sources.
 * Memory use is one part's labels (8 bytes per example) plus one example. Each part is written under a
 * temporary name and renamed when complete, so an interrupted run never leaves a half-written part (a part
 * from an earlier run stays until its replacement is complete).
 */
public final class Cifar5mWriter {
    /** Examples per part in the published CIFAR-5m. */
    public static final int CIFAR5M_PART_SIZE = 1_000_448;

    private final int partSize;
    private final LongConsumer progress;

    /**
     * @param partSize examples per part (the last part may be smaller)
     * @param progress called with the number of examples written so far, every 1,024 examples and at the end
     */
    public Cifar5mWriter(int partSize, LongConsumer progress) {
        if (partSize < 1) {
            throw new IllegalArgumentException("partSize must be positive, got " + partSize);
        }
        this.partSize = partSize;
        this.progress = progress;
    }

    /**
     * @param x a feature value in [-1, 1]
     * @return its uint8 code: {@code round((x + 1) * 127.5)} clamped to 0..255
     */
    public static int quantize(float x) {
        int q = Math.round((x + 1f) * 127.5f);
        return q < 0 ? 0 : Math.min(q, 255);
    }

    /**
     * Draws {@code count} examples and writes them as parts.
     *
     * @param generator the distribution to sample
     * @param random the random stream (the same seed gives the same files)
     * @param count number of examples
     * @param outDir the output directory (created; existing parts are replaced)
     * @return the part files written
     * @throws IOException if writing fails
     */
    public List<Path> write(ExampleGenerator generator, RandomGenerator random, long count, Path outDir) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        Files.createDirectories(outDir);
        InputShape shape = generator.inputShape();
        int d = shape.size();
        float[] example = new float[d];
        byte[] codes = new byte[d];
        List<Path> files = new ArrayList<>();
        long done = 0;
        for (int part = 0; done < count; part++) {
            int n = (int) Math.min(partSize, count - done);
            Path target = outDir.resolve("part" + part + ".npz");
            long[] labels = new long[n];
            try (NpzWriter npz = NpzWriter.create(target, true)) {
                try (ArrayOutput x = npz.beginArray("X", NpyHeader.of(DType.UINT8, false, n, shape.height(), shape.width(), shape.channels()))) {
                    for (int i = 0; i < n; i++) {
                        int label = generator.sample(random, example, 0);
                        if (label < 0 || label >= generator.numClasses()) {
                            throw new IllegalStateException("generator returned label " + label + " outside 0.." + (generator.numClasses() - 1));
                        }
                        labels[i] = label;
                        for (int j = 0; j < d; j++) {
                            codes[j] = (byte) quantize(example[j]);
                        }
                        x.write(codes);
                        done++;
                        if ((done & 1023) == 0) {
                            progress.accept(done);
                        }
                    }
                }
                try (ArrayOutput y = npz.beginArray("Y", NpyHeader.of(DType.INT64, false, n))) {
                    for (long label : labels) {
                        y.writeLong(label);
                    }
                }
                npz.finish();
            }
            files.add(target);
        }
        progress.accept(done);
        return files;
    }
}
