package io.deepbootstrap.core.labeler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.deepbootstrap.api.Batch;
import io.deepbootstrap.core.config.ComponentConfigs;
import io.deepbootstrap.core.engine.ExampleSet;
import io.deepbootstrap.core.testing.ArrayPool;
import io.deepbootstrap.core.testing.BlobGenerator;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the labeller trains and is measured on: never the same examples. */
class LabelerDataTest {

    private static LabelerSpec spec(int trainExamples, int testExamples) {
        return new LabelerSpec(new ComponentConfigs.Resolved<>("mlp", null, ConfigFactory.empty()), 10, 4, 0.1, 0.9, 3,
                trainExamples, testExamples, false);
    }

    private static Set<Long> ids(ExampleSet set) {
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < set.size(); i++) {
            ids.add(set.id(i));
        }
        return ids;
    }

    @Test
    void aPoolWithATestSplitTrainsOnItsFirstExamplesAndIsMeasuredOnTheTestSplit() {
        LabelerData data = LabelerData.of(new ArrayPool(100, 3, new ArrayPool(40, 3, null)), spec(60, 25));
        assertThat(data.trainSize()).isEqualTo(60);
        assertThat(data.test().size()).isEqualTo(25);
        assertThat(ids(data.test())).containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, 25).boxed().toList());
    }

    @Test
    void aPoolWithoutOneHoldsItsLastExamplesApartAtMostAFifth() {
        LabelerData data = LabelerData.of(new ArrayPool(100, 3, null), spec(1000, 1000));
        assertThat(data.test().size()).isEqualTo(20);
        assertThat(ids(data.test())).allMatch(id -> id >= 80);
        assertThat(data.trainSize()).isEqualTo(80);
        // the training batches never hold a test example
        Batch batch = new Batch(new ArrayPool(1, 3, null).inputShape(), 3, 4);
        for (int step = 0; step < 100; step++) {
            data.train().fill(batch);
            for (int i = 0; i < batch.size(); i++) {
                assertThat(batch.features()[i * 2]).isLessThan(80f);
            }
        }
        assertThatThrownBy(() -> LabelerData.of(new ArrayPool(4, 2, null), spec(10, 10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 examples");
    }

    @Test
    void aGeneratorTrainsOnFreshDrawsAndIsMeasuredOnDrawsOfAnotherStream() {
        BlobGenerator blobs = new BlobGenerator(4, 3, 3.0);
        LabelerData data = LabelerData.of(blobs, spec(1000, 50));
        assertThat(data.trainSize()).isZero();
        assertThat(data.test().size()).isEqualTo(50);
        Batch batch = new Batch(blobs.inputShape(), 3, 50);
        data.train().fill(batch);
        float[] test = new float[4];
        data.test().read(0, test, 0);
        for (int i = 0; i < batch.size(); i++) {
            assertThat(java.util.Arrays.copyOfRange(batch.features(), i * 4, i * 4 + 4)).isNotEqualTo(test);
        }
    }
}
