package io.deepbootstrap.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.core.testing.BlobGenerator;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchSourcesTest {
    private final BlobGenerator blobs = new BlobGenerator(4, 3, 3);

    @Test
    void epochSourceUsesEveryExampleOncePerEpochAndReshuffles() {
        ExampleSet set = MaterializedExampleSet.draw(blobs, 10, new SplittableRandom(1), 100);
        EpochBatchSource source = new EpochBatchSource(set, new SplittableRandom(2));
        Batch batch = new Batch(blobs.inputShape(), 3, 5);
        long[] firstEpoch = new long[10];
        long[] secondEpoch = new long[10];
        source.fill(batch);
        System.arraycopy(batch.exampleIds(), 0, firstEpoch, 0, 5);
        source.fill(batch);
        System.arraycopy(batch.exampleIds(), 0, firstEpoch, 5, 5);
        source.fill(batch);
        System.arraycopy(batch.exampleIds(), 0, secondEpoch, 0, 5);
        source.fill(batch);
        System.arraycopy(batch.exampleIds(), 0, secondEpoch, 5, 5);
        assertThat(firstEpoch).containsExactlyInAnyOrder(100, 101, 102, 103, 104, 105, 106, 107, 108, 109);
        assertThat(secondEpoch).containsExactlyInAnyOrder(firstEpoch);
        assertThat(secondEpoch).isNotEqualTo(firstEpoch);
    }

    @Test
    void freshSourceNeverRepeatsAndIsReproducible() {
        Batch a = new Batch(blobs.inputShape(), 3, 8);
        Batch b = new Batch(blobs.inputShape(), 3, 8);
        FreshGeneratorBatchSource s1 = new FreshGeneratorBatchSource(blobs, new SplittableRandom(7));
        FreshGeneratorBatchSource s2 = new FreshGeneratorBatchSource(blobs, new SplittableRandom(7));
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            s1.fill(a);
            s2.fill(b);
            assertThat(a.features()).containsExactly(b.features());
            for (long id : a.exampleIds()) {
                assertThat(ids.add(id)).isTrue();
            }
        }
    }

    @Test
    void prefetchingGivesExactlyTheSameBatchesInOrder() {
        Batch direct = new Batch(blobs.inputShape(), 3, 8);
        Batch ahead = new Batch(blobs.inputShape(), 3, 8);
        BatchSource plain = new TrainingBatchSource(new FreshGeneratorBatchSource(blobs, new SplittableRandom(3)),
                java.util.List.of(), new SplittableRandom(4));
        try (PrefetchingBatchSource prefetched = new PrefetchingBatchSource(new TrainingBatchSource(
                new FreshGeneratorBatchSource(blobs, new SplittableRandom(3)), java.util.List.of(), new SplittableRandom(4)),
                ahead, 3, "test")) {
            for (int i = 0; i < 20; i++) {
                plain.fill(direct);
                prefetched.fill(ahead);
                assertThat(ahead.features()).containsExactly(direct.features());
                assertThat(ahead.labels()).containsExactly(direct.labels());
                assertThat(ahead.targets()).containsExactly(direct.targets());
            }
        }
    }

    @Test
    void trainingPipelineSetsOneHotTargetsThenAugmentsWithItsOwnStream() {
        Batch batch = new Batch(blobs.inputShape(), 3, 4);
        TrainingBatchSource source = new TrainingBatchSource(new FreshGeneratorBatchSource(blobs, new SplittableRandom(3)),
                java.util.List.of((x, random) -> x.features()[0] = (float) random.nextDouble()), new SplittableRandom(9));
        source.fill(batch);
        for (int i = 0; i < 4; i++) {
            for (int c = 0; c < 3; c++) {
                assertThat(batch.targets()[i * 3 + c]).isEqualTo(batch.labels()[i] == c ? 1f : 0f);
            }
        }
        assertThat(batch.features()[0]).isEqualTo((float) new SplittableRandom(9).nextDouble());
    }
}
