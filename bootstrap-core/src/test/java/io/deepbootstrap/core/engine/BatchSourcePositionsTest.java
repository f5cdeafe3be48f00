package io.deepbootstrap.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.augment.Augmentation;
import io.deepbootstrap.core.checkpoint.CheckpointException;
import io.deepbootstrap.core.checkpoint.CheckpointFile;
import io.deepbootstrap.core.checkpoint.StateTree;
import io.deepbootstrap.core.testing.ArrayPool;
import io.deepbootstrap.core.testing.BlobGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source sought to the position saved after batch k fills batch k + 1, k + 2, ... exactly as the
 * uninterrupted source: for every kind of source, at every k across epoch boundaries, and through a
 * prefetching thread that runs ahead of the consumer.
 */
class BatchSourcePositionsTest {
    private static final int BATCH = 4;
    private static final int BATCHES = 9;

    private final BlobGenerator blobs = new BlobGenerator(3, 3, 2);

    @TempDir
    Path dir;

    /** Adds noise from the augmentation stream and, at random, flips the sign (draws a varying count). */
    private static final Augmentation NOISE = (batch, random) -> {
        float[] f = batch.features();
        for (int i = 0; i < batch.size() * batch.shape().size(); i++) {
            f[i] += (float) random.nextGaussian() * 0.1f;
            if (random.nextInt(3) == 0) {
                f[i] = -f[i];
            }
        }
    };

    private Batch newBatch() {
        return new Batch(blobs.inputShape(), 3, BATCH);
    }

    /** One filled batch, copied. */
    private record Snapshot(float[] features, int[] labels, float[] targets, long[] ids) {
        static Snapshot of(Batch b) {
            return new Snapshot(b.features().clone(), b.labels().clone(), b.targets().clone(), b.exampleIds().clone());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && Arrays.equals(features, s.features) && Arrays.equals(labels, s.labels)
                    && Arrays.equals(targets, s.targets) && Arrays.equals(ids, s.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }

        @Override
        public String toString() {
            return "batch " + Arrays.toString(ids);
        }
    }

    private static List<Snapshot> take(BatchSource source, Batch buffer, int count) {
        List<Snapshot> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            source.fill(buffer);
            out.add(Snapshot.of(buffer));
        }
        return out;
    }

    /** For every k: the position after k batches, saved to a file, read back and sought to, gives batches k+1... */
    private void resumesAtEveryBatch(Supplier<BatchSource> factory) throws IOException {
        List<Snapshot> expected;
        try (BatchSource whole = factory.get()) {
            expected = take(whole, newBatch(), BATCHES);
        }
        for (int k = 0; k <= BATCHES - 1; k++) {
            StateTree root = new StateTree();
            try (BatchSource first = factory.get()) {
                Batch buffer = newBatch();
                assertThat(take(first, buffer, k)).isEqualTo(expected.subList(0, k));
                first.position().saveTo(root.section("batches"));
                take(first, buffer, 2); // runs on after the position was taken: the position must not change
            }
            Path file = dir.resolve("k" + k + ".ckpt");
            CheckpointFile.write(file, "test", root);
            try (BatchSource resumed = factory.get()) {
                resumed.seek(CheckpointFile.read(file, "test").getSection("batches"));
                assertThat(take(resumed, newBatch(), BATCHES - k)).as("resumed after %d batches", k)
                        .isEqualTo(expected.subList(k, BATCHES));
            }
        }
    }

    @Test
    void epochSourceAcrossEpochBoundaries() throws IOException {
        ExampleSet set = MaterializedExampleSet.draw(blobs, 10, RandomStreams.stream(1, RandomStreams.Purpose.TRAIN_SAMPLE), 0);
        resumesAtEveryBatch(() -> new EpochBatchSource(set, RandomStreams.stream(1, RandomStreams.Purpose.ORDER)));
    }

    @Test
    void freshGeneratorSource() throws IOException {
        resumesAtEveryBatch(() -> new FreshGeneratorBatchSource(blobs, RandomStreams.stream(1, RandomStreams.Purpose.FRESH)));
    }

    @Test
    void poolStreamSource() throws IOException {
        ArrayPool pool = new ArrayPool(100, 3, null);
        int[] permutation = Shuffle.permutation(100, RandomStreams.stream(2, RandomStreams.Purpose.TRAIN_SAMPLE));
        // ArrayPool has 2 features per example: use a batch shape of its own
        List<Snapshot> expected;
        try (BatchSource whole = new PoolStreamBatchSource(pool, "pool", permutation, 20, 100)) {
            expected = take(whole, new Batch(pool.inputShape(), 3, BATCH), 5);
        }
        PoolStreamBatchSource first = new PoolStreamBatchSource(pool, "pool", permutation, 20, 100);
        take(first, new Batch(pool.inputShape(), 3, BATCH), 2);
        StateTree saved = new StateTree();
        first.position().saveTo(saved);
        PoolStreamBatchSource resumed = new PoolStreamBatchSource(pool, "pool", permutation, 20, 100);
        resumed.seek(saved);
        assertThat(take(resumed, new Batch(pool.inputShape(), 3, BATCH), 3)).isEqualTo(expected.subList(2, 5));

        StateTree outside = new StateTree();
        outside.putInt("cursor", 5);
        assertThatThrownBy(() -> new PoolStreamBatchSource(pool, "pool", permutation, 20, 100).seek(outside))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("outside the reserved range [20, 100)");
    }

    @Test
    void augmentedPipelineWithLabelNoiseOverBothWorlds() throws IOException {
        ExampleSet set = MaterializedExampleSet.draw(blobs, 7, RandomStreams.stream(3, RandomStreams.Purpose.TRAIN_SAMPLE), 0);
        LabelNoise noise = new LabelNoise(0.3, 3, 11);
        resumesAtEveryBatch(() -> new TrainingBatchSource(noise.on(new EpochBatchSource(noise.on(set),
                RandomStreams.stream(3, RandomStreams.Purpose.ORDER))), List.of(NOISE),
                RandomStreams.stream(3, RandomStreams.Purpose.AUGMENTATION)));
        resumesAtEveryBatch(() -> new TrainingBatchSource(noise.on(new FreshGeneratorBatchSource(blobs,
                RandomStreams.stream(3, RandomStreams.Purpose.FRESH))), List.of(NOISE),
                RandomStreams.stream(3, RandomStreams.Purpose.AUGMENTATION)));
    }

    @Test
    void prefetchingReportsThePositionOfTheLastConsumedBatchNotOfThoseAhead() throws IOException {
        ExampleSet set = MaterializedExampleSet.draw(blobs, 10, RandomStreams.stream(4, RandomStreams.Purpose.TRAIN_SAMPLE), 0);
        Supplier<BatchSource> pipeline = () -> new TrainingBatchSource(new EpochBatchSource(set,
                RandomStreams.stream(4, RandomStreams.Purpose.ORDER)), List.of(NOISE),
                RandomStreams.stream(4, RandomStreams.Purpose.AUGMENTATION));
        List<Snapshot> expected;
        try (BatchSource whole = pipeline.get()) {
            expected = take(whole, newBatch(), BATCHES);
        }
        for (int k = 0; k < BATCHES; k++) {
            StateTree saved = new StateTree();
            try (PrefetchingBatchSource ahead = new PrefetchingBatchSource(pipeline.get(), newBatch(), 3, "test")) {
                assertThat(take(ahead, newBatch(), k)).isEqualTo(expected.subList(0, k));
                Thread.sleep(20); // let the thread run ahead as far as it can
                ahead.position().saveTo(saved);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            BatchSource source = pipeline.get();
            source.seek(saved);
            try (PrefetchingBatchSource resumed = new PrefetchingBatchSource(source, newBatch(), 3, "test")) {
                assertThat(take(resumed, newBatch(), BATCHES - k)).as("resumed after %d batches", k)
                        .isEqualTo(expected.subList(k, BATCHES));
            }
        }
    }

    @Test
    void aSavedEpochOrderThatDoesNotFitIsRefused() {
        ExampleSet set = MaterializedExampleSet.draw(blobs, 5, RandomStreams.stream(1, RandomStreams.Purpose.TRAIN_SAMPLE), 0);
        StateTree wrongSize = new StateTree();
        wrongSize.putInts("permutation", new int[] {0, 1, 2});
        wrongSize.putInt("cursor", 0);
        wrongSize.putLong("order-stream", 0);
        assertThatThrownBy(() -> new EpochBatchSource(set, RandomStreams.stream(1, RandomStreams.Purpose.ORDER)).seek(wrongSize))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("does not fit a train set of 5");
        StateTree notAPermutation = new StateTree();
        notAPermutation.putInts("permutation", new int[] {0, 1, 1, 3, 4});
        notAPermutation.putInt("cursor", 0);
        notAPermutation.putLong("order-stream", 0);
        assertThatThrownBy(() -> new EpochBatchSource(set, RandomStreams.stream(1, RandomStreams.Purpose.ORDER)).seek(notAPermutation))
                .hasMessageContaining("not a permutation");
    }

    @Test
    void aStreamThatIsNotSeekableCannotBeCheckpointed() {
        EpochBatchSource source = new EpochBatchSource(MaterializedExampleSet.draw(blobs, 5,
                new java.util.SplittableRandom(1), 0), new java.util.SplittableRandom(2));
        assertThatThrownBy(source::position).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("epoch order stream is a java.util.SplittableRandom");
    }
}
