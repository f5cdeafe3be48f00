package io.deepbootstrap.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.api.model.OptimizerSpec;
import io.deepbootstrap.core.checkpoint.ModelCheckpoint;
import io.deepbootstrap.core.checkpoint.StateTree;
import io.deepbootstrap.core.engine.optim.Optimizer;
import io.deepbootstrap.core.engine.optim.Optimizers;
import io.deepbootstrap.core.state.NetworkState;
import io.deepbootstrap.models.arch.Mlp;
import io.deepbootstrap.toolkit.nn.Dense;
import io.deepbootstrap.toolkit.nn.Layer;
import io.deepbootstrap.toolkit.nn.NativeNetwork;
import io.deepbootstrap.toolkit.nn.Relu;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MLP's predictions run through oneDNN with packed copies of the weights (toolkit {@code DenseStack}); after every
 * way the framework writes the parameters (an optimizer step, a checkpoint restored, a saved network loaded, a
 * pretrained network transferred) the next predictions use the new weights: the same bits as a network that never
 * packed the old ones and got the new ones before its first prediction. Two threads (predictions in two batch
 * halves at once).
 */
class MlpParameterWritesTest {
    private static final InputShape SHAPE = new InputShape(8, 8, 3);
    private static final int CLASSES = 10;
    private static final int BATCH = 64;

    private static Network mlp(long seed) {
        Network net = new Mlp.Factory().create(ArchitecturesTest.config("mlp", "hidden = [96, 48]"),
                new TestContext(SHAPE, CLASSES, seed, BATCH, 2));
        NativeNetwork n = (NativeNetwork) net;
        assertThat(n.sequential().inputShape()).as("over vectors").hasSize(1);
        for (Layer l : n.sequential().layers()) {
            assertThat(l).as("a dense/ReLU stack: the oneDNN pass").isInstanceOfAny(Dense.class, Relu.class);
        }
        return net;
    }

    private static Batch batch(long seed) {
        Batch b = new Batch(SHAPE, CLASSES, BATCH);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < b.features().length; i++) {
            b.features()[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < BATCH; i++) {
            b.labels()[i] = r.nextInt(CLASSES);
        }
        b.setOneHotTargets();
        b.setSize(BATCH);
        return b;
    }

    private static float[] predict(Network net, Batch b) {
        float[] p = new float[b.size() * CLASSES];
        net.predict(b, p);
        return p;
    }

    /** @return the predictions of a fresh network given {@code net}'s parameters before its first prediction */
    private static float[] freshWithParametersOf(Network net, Batch b) {
        try (Network fresh = mlp(99)) {
            fresh.parameters().values().assign(net.parameters().values());
            return predict(fresh, b);
        }
    }

    private static void assertSameBits(float[] actual, float[] expected, String what) {
        // not isEqualTo: on a failure AssertJ would print both arrays
        assertThat(Arrays.equals(actual, expected)).as(what).isTrue();
    }

    @Test
    void optimizerStepsSgdAndAdam() {
        for (OptimizerSpec spec : List.of(OptimizerSpec.sgd(0.9), OptimizerSpec.adam())) {
            try (Network net = mlp(1)) {
                Optimizer optimizer = Optimizers.create(spec, net.parameters());
                Batch b = batch(2);
                float[] before = predict(net, b);
                for (int step = 0; step < 3; step++) {
                    net.computeGradients(b);
                    optimizer.step(0.05);
                    float[] after = predict(net, b);
                    assertThat(Arrays.equals(after, before)).as("%s step %d changed the predictions", spec.type(), step).isFalse();
                    assertSameBits(after, freshWithParametersOf(net, b), spec.type() + " step " + step);
                    assertSameBits(predict(net, b), after, "repeat");
                    before = after;
                }
            }
        }
    }

    @Test
    void checkpointRestored() {
        try (Network net = mlp(1)) {
            Optimizer optimizer = Optimizers.create(OptimizerSpec.sgd(0.9), net.parameters());
            Batch b = batch(3);
            float[] initial = predict(net, b);
            StateTree saved = new StateTree();
            ModelCheckpoint.saveNetwork(saved, net);
            net.computeGradients(b);
            optimizer.step(0.1);
            assertThat(Arrays.equals(predict(net, b), initial)).isFalse();
            ModelCheckpoint.restoreNetwork(saved, net);
            assertSameBits(predict(net, b), initial, "restored checkpoint");
        }
    }

    @Test
    void savedNetworkLoadedAndPretrainedNetworkTransferred(@TempDir Path dir) throws Exception {
        try (Network net = mlp(1); Network pretrained = mlp(2)) {
            Batch b = batch(4);
            float[] initial = predict(net, b);
            Path file = dir.resolve("net.state");
            NetworkState.save(net, file);
            float[] other = predict(pretrained, b);
            assertThat(Arrays.equals(other, initial)).as("another seed").isFalse();
            NetworkState.copyOf(pretrained).transferTo(net, List.of());
            assertSameBits(predict(net, b), other, "transferred");
            NetworkState.load(net, file);
            assertSameBits(predict(net, b), initial, "loaded");
            String head = net.parameters().valueViews().keySet().stream().filter(k -> k.startsWith("4_")).findFirst().orElseThrow();
            NetworkState.copyOf(pretrained).transferTo(net, List.of(head));
            float[] transferredBody = predict(net, b);
            assertThat(Arrays.equals(transferredBody, other) || Arrays.equals(transferredBody, initial)).as("body only").isFalse();
            assertSameBits(transferredBody, freshWithParametersOf(net, b), "transferred except " + head);
        }
    }
}
