package io.deepbootstrap.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.engine.BatchSource;
import io.deepbootstrap.core.engine.ExampleSet;
import io.deepbootstrap.core.testing.ArrayPool;
import io.deepbootstrap.core.testing.BlobGenerator;
import io.deepbootstrap.core.testing.Harness;
import io.deepbootstrap.core.settings.ExperimentSettings;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSplitTest {

    private static Set<Long> ids(ExampleSet set) {
        Set<Long> ids = new HashSet<>();
        float[] x = new float[set.shape().size()];
        for (int i = 0; i < set.size(); i++) {
            set.read(i, x, 0);
            assertThat((long) x[0]).as("the pool example read is the one the id names").isEqualTo(set.id(i));
            ids.add(set.id(i));
        }
        return ids;
    }

    @Test
    void poolIsCutIntoDisjointTestTrainAndIdealRanges() {
        ArrayPool pool = new ArrayPool(1000, 3, null);
        DataSplit.checkCapacity(pool, "array-pool", 100, List.of(50, 200), 700, 70, 10);
        DataSplit split = DataSplit.create(pool, "array-pool", 5, 100, 200);
        Set<Long> test = ids(split.test());
        Set<Long> train = ids(split.train(200));
        assertThat(test).hasSize(100);
        assertThat(train).hasSize(200).doesNotContainAnyElementsOf(test);
        assertThat(ids(split.train(50))).hasSize(50).isSubsetOf(train);

        Set<Long> ideal = new HashSet<>();
        BatchSource fresh = split.freshBatches();
        Batch b = new Batch(pool.inputShape(), 3, 10);
        for (int step = 0; step < 70; step++) {
            fresh.fill(b);
            for (long id : b.exampleIds()) {
                assertThat(ideal.add(id)).as("ideal example %d reused", id).isTrue();
            }
        }
        assertThat(ideal).hasSize(700).doesNotContainAnyElementsOf(test).doesNotContainAnyElementsOf(train);
    }

    @Test
    void designatedTestSplitIsUsedAndWholePoolTrains() {
        ArrayPool pool = new ArrayPool(500, 3, new ArrayPool(50, 3, null));
        DataSplit split = DataSplit.create(pool, "array-pool", 1, 40, 100);
        assertThat(ids(split.test())).containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.range(0, 40).boxed().toList());
        DataSplit.checkCapacity(pool, "array-pool", 40, List.of(100), 400, 40, 10);
    }

    @Test
    void splitDependsOnSeedOnly() {
        ArrayPool pool = new ArrayPool(1000, 3, null);
        assertThat(ids(DataSplit.create(pool, "p", 3, 10, 20).train(20)))
                .isEqualTo(ids(DataSplit.create(pool, "p", 3, 10, 20).train(20)))
                .isNotEqualTo(ids(DataSplit.create(pool, "p", 4, 10, 20).train(20)));
    }

    @Test
    void idealWorldNeedingMoreThanThePoolIsRefusedWithBothNumbers() {
        ArrayPool pool = new ArrayPool(1000, 3, null);
        assertThatThrownBy(() -> DataSplit.checkCapacity(pool, "array-pool", 100, List.of(50, 200), 1000, 100, 10))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("the ideal world needs T*B = 100*10 = 1,000 fresh examples")
                .hasMessageContaining("pool 'array-pool' has only 700 left");
    }

    @Test
    void testSizeLargerThanDesignatedSplitIsRefused() {
        ArrayPool pool = new ArrayPool(500, 3, new ArrayPool(50, 3, null));
        assertThatThrownBy(() -> DataSplit.checkCapacity(pool, "fm", 60, List.of(10), 10, 1, 10))
                .hasMessageContaining("60 test examples requested but the test split of 'fm' has only 50");
    }

    @Test
    void poolCapacityErrorsNameWhereEachKeyInvolvedWasSet(@TempDir Path dir) throws Exception {
        ExperimentSettings tooManySteps = Harness.settings(dir, """
                data { type = array-pool, size = 1000 }
                training.steps = 100
                training.batch-size = 10
                """);
        String file = dir.resolve("experiment.conf").toString();
        assertThatThrownBy(() -> new ExperimentRunner(Harness.REGISTRY).prepare(tooManySteps))
                .isInstanceOf(ConfigError.class)
                .hasMessage(file + ":6: data: the ideal world needs T*B = 100*10 = 1,000 fresh examples, but pool 'array-pool' "
                        + "has only 540 left (1,000 in all, minus 300 for the test set and 160 for the largest train set); "
                        + "lower training.steps (at " + file + ":7) or training.batch-size (at " + file + ":8), "
                        + "or use a larger pool or a generator");
        ExperimentSettings tooLargeN = Harness.settings(dir, """
                data { type = array-pool, size = 1000 }
                data.train-sizes = [900]
                """);
        assertThatThrownBy(() -> new ExperimentRunner(Harness.REGISTRY).prepare(tooLargeN))
                .isInstanceOf(ConfigError.class)
                .hasMessage(file + ":7: data.train-sizes: N = 900 plus 300 test examples for data.test-size (at " + file
                        + ":2) exceed the 1,000 examples of pool 'array-pool' (at " + file + ":6)");
    }

    @Test
    void aTestSplitTooSmallNamesBothKeysAndLines(@TempDir Path dir) throws Exception {
        ExperimentSettings s = Harness.settings(dir, "data { type = array-pool, size = 1000, test-split = 50 }");
        String file = dir.resolve("experiment.conf").toString();
        assertThatThrownBy(() -> new ExperimentRunner(Harness.REGISTRY).prepare(s))
                .isInstanceOf(ConfigError.class)
                .hasMessage(file + ":2: data.test-size: 300 test examples requested but the test split of 'array-pool' (at "
                        + file + ":6) has only 50");
    }

    @Test
    void generatorSetsComeFromSeparateStreams() {
        BlobGenerator g = new BlobGenerator(4, 3, 3);
        DataSplit split = DataSplit.create(g, "blobs", 0, 20, 30);
        float[] a = new float[4];
        float[] b = new float[4];
        split.test().read(0, a, 0);
        split.train(30).read(0, b, 0);
        assertThat(a).isNotEqualTo(b);
        Batch fresh = new Batch(g.inputShape(), 3, 1);
        split.freshBatches().fill(fresh);
        assertThat(fresh.features()).isNotEqualTo(a).isNotEqualTo(b);
        DataSplit again = DataSplit.create(g, "blobs", 0, 20, 30);
        float[] c = new float[4];
        again.train(30).read(0, c, 0);
        assertThat(c).containsExactly(b);
    }
}
