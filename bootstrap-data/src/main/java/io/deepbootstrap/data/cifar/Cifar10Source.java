package io.deepbootstrap.data.cifar;

import com.typesafe.config.Config;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.DataContext;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.api.data.ExamplePool;
import io.deepbootstrap.data.FileKeys;
import io.deepbootstrap.data.array.ByteSource;
import io.deepbootstrap.data.array.DataFileException;
import io.deepbootstrap.data.array.DataFiles;
import io.deepbootstrap.data.array.ExampleReader;
import io.deepbootstrap.data.array.LabelReader;
import io.deepbootstrap.data.array.MalformedFileException;
import io.deepbootstrap.data.array.MappedByteSource;
import io.deepbootstrap.data.array.ScratchBytes;
import io.deepbootstrap.data.array.SegmentedPool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CIFAR-10, binary version ({@code cifar-10-batches-bin}): {@code data_batch_1.bin .. data_batch_5.bin}
 * (the 50,000-example pool) and {@code test_batch.bin} (the designated test pool), each a sequence of
 * 3,073-byte records: one label byte, then 1,024 red, 1,024 green and 1,024 blue bytes of a 32×32 image in
 * row-major order. Records are converted to NHWC floats in [-1, 1]. Class names come from
 * {@code batches.meta.txt} (one per line). Files are memory-mapped.
 */
public final class Cifar10Source {
    /** Bytes per record: label + 3 × 1,024 pixels. */
    public static final int RECORD = 3073;
    /** Image side. */
    public static final int SIDE = 32;
    /** The training batch files, in pool order. */
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    /** The test batch file. */
    public static final String TEST_FILE = "test_batch.bin";
    /** The class names file. */
    public static final String META_FILE = "batches.meta.txt";

    private Cifar10Source() {
    }

    /** One memory-mapped batch file of CIFAR-10 records: both the features and the labels of its examples. */
    public static final class BatchFile implements ExampleReader, LabelReader {
        private static final InputShape SHAPE = new InputShape(SIDE, SIDE, 3);
        private final String file;
        private final ByteSource bytes;
        private final long count;
        /** Buffers for one record's pixels, lent to concurrent readers: reads allocate nothing. */
        private final ScratchBytes scratch = new ScratchBytes(RECORD - 1);

        /**
         * @param path a CIFAR-10 binary batch file
         * @throws DataFileException naming the file if it cannot be read, or its length is not a multiple of
         *     3,073 bytes ({@link MalformedFileException})
         */
        public BatchFile(Path path) {
            this.file = path.toString();
            try (FileChannel ch = DataFiles.openForReading(path)) {
                long size = ch.size();
                if (size == 0 || size % RECORD != 0) {
                    throw new MalformedFileException(file, null, size - size % RECORD,
                            "truncated CIFAR-10 batch: " + size + " bytes is not a whole number of 3,073-byte records (label byte + 3,072 pixel bytes)");
                }
                this.bytes = new MappedByteSource(ch, 0, size);
                this.count = size / RECORD;
            } catch (IOException e) {
                throw DataFileException.io(path, null, "cannot read", e);
            }
        }

        @Override
        public InputShape shape() {
            return SHAPE;
        }

        @Override
        public long size() {
            return count;
        }

        @Override
        public void read(long index, float[] dst, int offset) {
            byte[] rec = scratch.borrow();
            bytes.get(index * RECORD + 1, rec, 0, rec.length);
            int plane = SIDE * SIDE;
            for (int p = 0; p < plane; p++) {
                int o = offset + p * 3;
                dst[o] = (rec[p] & 0xFF) / 127.5f - 1f;
                dst[o + 1] = (rec[plane + p] & 0xFF) / 127.5f - 1f;
                dst[o + 2] = (rec[2 * plane + p] & 0xFF) / 127.5f - 1f;
            }
            scratch.giveBack(rec);
        }

        @Override
        public long label(long index) {
            return bytes.get(index * RECORD) & 0xFF;
        }

        @Override
        public MalformedFileException error(long index, String problem) {
            return new MalformedFileException(file, null, index * RECORD, "record " + index + ": " + problem);
        }

        @Override
        public MalformedFileException error(String problem) {
            return new MalformedFileException(file, null, -1, problem);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    /**
     * Opens a CIFAR-10 binary directory.
     *
     * @param dir the directory holding the batch files and {@code batches.meta.txt}
     * @return the 50,000-example pool with the test batch as its test pool
     * @throws DataFileException naming the file if a file is missing, unreadable or malformed
     */
    public static ExamplePool open(Path dir) {
        Path meta = dir.resolve(META_FILE);
        if (!Files.isRegularFile(meta)) {
            throw new MalformedFileException(meta.toString(), null, -1, "missing: the CIFAR-10 binary directory must hold "
                    + META_FILE + " with the class names, " + TRAIN_FILES + " and " + TEST_FILE);
        }
        List<String> names;
        try (InputStream in = Channels.newInputStream(DataFiles.openForReading(meta))) {
            names = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8).lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw DataFileException.io(meta, null, "cannot read", e);
        }
        if (names.size() < 2 || names.size() > 256) {
            throw new MalformedFileException(meta.toString(), null, 0, "expected one class name per line (2..256 names), found " + names.size());
        }
        List<SegmentedPool.Segment> train = new ArrayList<>();
        for (String f : TRAIN_FILES) {
            train.add(segment(dir.resolve(f)));
        }
        SegmentedPool test = new SegmentedPool(List.of(segment(dir.resolve(TEST_FILE))), names.size(), names, Optional.empty());
        return new SegmentedPool(train, names.size(), names, Optional.of(test));
    }

    private static SegmentedPool.Segment segment(Path file) {
        if (!Files.exists(file)) {
            throw new MalformedFileException(file.toString(), null, -1, "missing CIFAR-10 batch file");
        }
        BatchFile b = new BatchFile(file);
        return new SegmentedPool.Segment(b, b, 0, b.size());
    }

    /** {@code type = cifar10}. */
    public static final class Factory implements DataSourceFactory {
        @Override
        public String name() {
            return "cifar10";
        }

        @Override
        public String description() {
            return "CIFAR-10 binary version (data_batch_1..5.bin, test_batch.bin), 32x32x3, 10 classes";
        }

        @Override
        public DataSource create(Config config, DataContext context) {
            return open(FileKeys.directory(config, "dir", context));
        }
    }
}
