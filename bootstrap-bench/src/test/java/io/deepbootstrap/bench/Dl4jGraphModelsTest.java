package io.deepbootstrap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.core.state.NetworkState;
import io.deepbootstrap.models.TestContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import io.deepbootstrap.toolkit.dl4j.Dl4jNetwork;
import io.deepbootstrap.models.TinyTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain-DL4J ResNet and ViT computation graphs build, train (finite loss that decreases over a few
 * steps on a tiny batch), predict probability rows summing to 1, and save/load through {@link Dl4jNetwork}.
 */
class Dl4jGraphModelsTest {
    private static final InputShape SHAPE = new InputShape(8, 8, 3);
    private static final int K = 4;
    private static final int N = 6;

    private static TestContext ctx() {
        return new TestContext(SHAPE, K, 5, N);
    }

    private static void check(Network net, int expectedParams) {
        Batch batch = TinyTasks.batch(SHAPE, K, N, 3);
        assertThat(net.parameterCount()).isEqualTo(expectedParams);
        Optimizer optimizer = Optimizers.create(OptimizerSpec.sgd(0.9), net.parameters());
        double first = TinyTasks.step(net, optimizer, batch, 0.05);
        assertThat(first).isFinite().isPositive();
        double last = first;
        for (int i = 0; i < 15; i++) {
            last = TinyTasks.step(net, optimizer, batch, 0.05);
        }
        assertThat(last).isFinite().isLessThan(first);
        float[] p = new float[N * K];
        net.predict(batch, p);
        for (int i = 0; i < N; i++) {
            double sum = 0;
            for (int j = 0; j < K; j++) {
                assertThat(p[i * K + j]).isBetween(0f, 1f);
                sum += p[i * K + j];
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void preactResnetGraphTrainsAndPredicts(@TempDir Path dir) throws Exception {
        // stem 3->4 (108); block 1: 2 BN(4) + 2 conv 4->4 (8+8+144+144); block 2: BN(4), conv 4->8 (288), BN(8),
        // conv 8->8 (576), projection from the pre-activation 4->8 (32); final BN(8); dense 8->4 (36)
        // (gamma and beta per BN channel); each BN's running mean and variance (28 channels) are buffers
        int params = 108 + (8 + 144 + 8 + 144) + (8 + 288 + 16 + 576 + 32) + 16 + 36;
        try (Dl4jNetwork net = Dl4jResNets.resnet(ctx(), new Dl4jResNets.Spec(new int[] {4, 8}, new int[] {1, 1},
                true, true, 1e-5, 0.1))) {
            ComputationGraph g = (ComputationGraph) net.model();
            assertThat(g.getVertex("b2sc").getInputVertices()[0].getVertexIndex())
                    .isEqualTo(g.getVertex("b2r1").getVertexIndex());
            assertThat(net.buffers()).hasSize(10);
            assertThat(net.buffers().values().stream().mapToLong(INDArray::length).sum()).isEqualTo(2 * 28);
            INDArray firstMean = net.buffers().values().iterator().next().dup();
            check(net, params);
            assertThat(net.buffers().values().iterator().next()).as("running statistics moved").isNotEqualTo(firstMean);
            Batch batch = TinyTasks.batch(SHAPE, K, N, 3);
            float[] before = new float[N * K];
            net.predict(batch, before);
            Path file = dir.resolve("net.bin");
            NetworkState.save(net, file);
            assertThat(Files.size(file)).isPositive();
            TinyTasks.step(net, Optimizers.create(OptimizerSpec.sgd(0), net.parameters()), batch, 0.05);
            NetworkState.load(net, file);
            float[] after = new float[N * K];
            net.predict(batch, after);
            assertThat(after).containsExactly(before);
        }
    }

    @Test
    void vitGraphTrainsAndPredicts() {
        // patch conv 4x4x3->8 (392); per block: attention Wq, Wk, Wv 8x8 and Wo 8x8 (256), fc1 8->16 (144),
        // fc2 16->8 (136); dense 8->4 (36)
        int params = 392 + 256 + 144 + 136 + 36;
        try (Dl4jNetwork net = Dl4jVit.vit(ctx(), 4, 8, 1, 2, 16)) {
            check(net, params);
        }
    }
}
