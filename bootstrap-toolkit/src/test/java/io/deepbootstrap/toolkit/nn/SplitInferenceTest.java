package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Split inference passes ({@link Sequential#splitInference}): a batch runs as two halves, one on the network's layers
 * and one on a replica (at two threads at once); every example's output is the same bits at one and two threads and
 * within float rounding of a pass over the whole batch (odd and even batches, after training steps that change the
 * parameters and running statistics the replica reads), and the split really ran; batches below the threshold and training passes are not split; closing destroys
 * the replica's oneDNN objects too.
 */
class SplitInferenceTest {
    private static final int MAX_BATCH = 40;

    private static List<Layer> layers() {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Conv2d(8, 3, 1, true, false));
        layers.add(PreActBlock.of(8, 1));
        layers.add(PreActBlock.of(16, 2));
        layers.add(PreActBlock.of(16, 1));
        layers.add(new BatchNorm());
        layers.add(new Relu());
        layers.add(new GlobalAvgPool());
        layers.add(new Dense(5));
        return layers;
    }

    private static Sequential network(boolean split) {
        Sequential net = Sequential.of(new long[] {8, 8, 3}, layers(), 7, MAX_BATCH, DataType.FLOAT);
        return split ? net.splitInference(layers()) : net;
    }

    private static INDArray rand(long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape).subi(0.5).muli(4);
    }

    private static void randomiseStatistics(Sequential net) {
        for (Map.Entry<String, INDArray> e : net.state().entrySet()) {
            INDArray s = e.getValue();
            s.assign(e.getKey().endsWith("var") ? Nd4j.rand(DataType.FLOAT, s.shape()).addi(0.2) : rand(s.shape()));
        }
    }

    /** One training step on both networks: same batch, same plain SGD update. */
    private static void trainStep(Sequential a, Sequential b, INDArray x) {
        INDArray g = rand(x.size(0), 5);
        for (Sequential net : List.of(a, b)) {
            net.forward(x, true);
            net.backward(g.dup());
            net.parameters().values().subi(net.parameters().gradients().mul(0.05));
        }
    }

    private static float[] infer(Sequential net, INDArray x, int threads) {
        Nd4jRuntime.useThreads(threads);
        return net.forward(x, false).dup().data().asFloat();
    }

    private static void assertClose(float[] split, float[] whole) {
        assertThat(split).hasSameSizeAs(whole);
        for (int i = 0; i < whole.length; i++) {
            assertThat(split[i]).as("output %d", i).isCloseTo(whole[i], org.assertj.core.data.Offset.offset(1e-5f * (1 + Math.abs(whole[i]))));
        }
    }

    @Test
    void twoHalvesGiveTheSameBitsAtOneAndTwoThreadsAndTheWholeBatchsValues() {
        int was = Nd4jRuntime.threads();
        try (Sequential split = network(true); Sequential whole = network(false)) {
            assertThat(split.parameters().values().data().asFloat()).isEqualTo(whole.parameters().values().data().asFloat());
            Nd4j.getRandom().setSeed(5);
            randomiseStatistics(whole);
            for (Map.Entry<String, INDArray> e : whole.state().entrySet()) {
                split.state().get(e.getKey()).assign(e.getValue());
            }
            int[] batches = {MAX_BATCH, 33, 16};
            for (int step = 0; step < 2; step++) {
                for (int n : batches) {
                    INDArray x = rand(n, 8, 8, 3);
                    float[] wholeBatch = infer(whole, x, 1);
                    long before = split.splitPasses();
                    float[] expected = infer(split, x, 1);
                    assertClose(expected, wholeBatch);
                    assertThat(infer(split, x, 2)).as("step %d, batch %d, two threads", step, n).isEqualTo(expected);
                    assertThat(split.splitPasses()).as("split at one and two threads").isEqualTo(before + 2);
                    assertThat(infer(split, x, 2)).as("repeat").isEqualTo(expected);
                }
                Nd4jRuntime.useThreads(2);
                trainStep(split, whole, rand(MAX_BATCH, 8, 8, 3));
                long before = split.splitPasses();
                INDArray small = rand(15, 8, 8, 3);
                assertThat(infer(split, small, 2)).as("15 rows: the whole batch").isEqualTo(infer(whole, small, 2));
                assertThat(split.splitPasses()).as("15 rows are not split").isEqualTo(before);
                assertThat(split.state().get(split.state().keySet().iterator().next()).data().asFloat())
                        .as("training updated the running statistics")
                        .isEqualTo(whole.state().get(whole.state().keySet().iterator().next()).data().asFloat());
            }
        } finally {
            Nd4jRuntime.setThreads(was);
        }
    }

    /** Copies {@code from}'s parameters and running statistics into {@code to} (through its accessors). */
    private static void copyInto(Sequential from, Sequential to) {
        to.parameters().values().assign(from.parameters().values());
        for (Map.Entry<String, INDArray> e : from.state().entrySet()) {
            to.state().get(e.getKey()).assign(e.getValue());
        }
    }

    @Test
    void theReplicaGetsTheRunningStatisticsWhenTheyMayHaveChangedAndOnlyThen() {
        int was = Nd4jRuntime.threads();
        try (Sequential split = network(true); Sequential reference = network(true)) {
            Nd4j.getRandom().setSeed(8);
            INDArray x = rand(MAX_BATCH, 8, 8, 3);
            float[] first = infer(split, x, 2);
            long copies = split.replicaStateCopies();
            assertThat(copies).as("first split pass").isEqualTo(1);
            assertThat(infer(split, x, 2)).isEqualTo(first);
            assertThat(infer(split, x, 1)).isEqualTo(first);
            assertThat(split.replicaStateCopies()).as("nothing changed: no copy").isEqualTo(copies);

            // a training step between two inference passes: new running statistics and parameters
            Nd4jRuntime.useThreads(2);
            split.forward(rand(MAX_BATCH, 8, 8, 3), true);
            split.backward(rand(MAX_BATCH, 5));
            split.parameters().values().subi(split.parameters().gradients().mul(0.05));
            float[] trained = infer(split, x, 2);
            assertThat(split.replicaStateCopies()).isEqualTo(copies + 1);
            assertThat(trained).isNotEqualTo(first);
            copyInto(split, reference);
            assertThat(infer(reference, x, 2)).as("a network given the trained state before its first pass").isEqualTo(trained);

            // statistics written through state(), as a checkpoint restore does
            String key = split.state().keySet().stream().filter(k -> k.endsWith("var")).findFirst().orElseThrow();
            split.state().get(key).muli(3);
            float[] written = infer(split, x, 2);
            assertThat(split.replicaStateCopies()).isEqualTo(copies + 2);
            assertThat(written).isNotEqualTo(trained);
            assertThat(infer(split, x, 2)).isEqualTo(written);
            assertThat(split.replicaStateCopies()).isEqualTo(copies + 2);
            copyInto(split, reference);
            assertThat(infer(reference, x, 2)).isEqualTo(written);
        } finally {
            Nd4jRuntime.setThreads(was);
        }
    }

    @Test
    void replicaMustHaveTheSameLayersAndClosingDestroysItsOneDnnObjects() {
        long before = Dnnl.live();
        Sequential net = network(true);
        List<Layer> other = layers();
        other.set(7, new Dense(6));
        assertThatThrownBy(() -> network(false).splitInference(other)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> net.splitInference(layers())).isInstanceOf(IllegalStateException.class);
        int was = Nd4jRuntime.threads();
        try {
            infer(net, rand(MAX_BATCH, 8, 8, 3), 2);
        } finally {
            Nd4jRuntime.setThreads(was);
        }
        assertThat(net.splitPasses()).isEqualTo(1);
        net.close();
        assertThat(Dnnl.live()).as("after close").isEqualTo(before);
    }
}
