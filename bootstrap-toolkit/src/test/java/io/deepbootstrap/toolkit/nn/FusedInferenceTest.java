package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The pre-activation block's fused inference pass (oneDNN: batch norm + ReLU as one primitive, the second batch norm
 * and ReLU as post-ops of the first convolution, the residual as a post-op of the second) against the layer-by-layer
 * pass: same values within float rounding, before and after training steps change parameters and running statistics
 * (nothing cached goes stale), with batches smaller than the allocated one and at one and two OpenMP threads; the
 * fused primitives are oneDNN's optimised kernels, not its reference ones; closing a network destroys every oneDNN
 * memory object and primitive its layers created.
 */
class FusedInferenceTest {

    private static INDArray rand(long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape).subi(0.5).muli(4);
    }

    private static Sequential network(PreActBlock... blocks) {
        List<Layer> layers = new java.util.ArrayList<>();
        layers.add(new Conv2d(8, 3, 1, true, false));
        layers.addAll(List.of(blocks));
        layers.add(new BatchNorm());
        layers.add(new Relu());
        layers.add(new GlobalAvgPool());
        return Sequential.of(new long[] {8, 8, 3}, layers, 3, 6, DataType.FLOAT);
    }

    private static INDArray inference(Sequential net, PreActBlock[] blocks, boolean fused) {
        for (PreActBlock b : blocks) {
            b.fusedInference(fused);
        }
        return net.forward(rows(net), false).dup();
    }

    private static INDArray input;

    private static INDArray rows(Sequential net) {
        return input;
    }

    private static void randomiseStatistics(Sequential net) {
        for (Map.Entry<String, INDArray> e : net.state().entrySet()) {
            INDArray s = e.getValue();
            s.assign(e.getKey().endsWith("var") ? Nd4j.rand(DataType.FLOAT, s.shape()).addi(0.2) : rand(s.shape()));
        }
        for (Map.Entry<String, INDArray> e : net.parameters().valueViews().entrySet()) {
            if (e.getKey().endsWith("gamma") || e.getKey().endsWith("beta")) {
                e.getValue().assign(rand(e.getValue().shape()));
            }
        }
    }

    private static void assertClose(String what, INDArray fused, INDArray separate) {
        double scale = Math.max(1e-3, separate.amaxNumber().doubleValue());
        double err = fused.sub(separate).amaxNumber().doubleValue() / scale;
        assertThat(err).as(what + ": max error relative to the largest value").isLessThan(2e-5);
    }

    @Test
    void fusedInferenceMatchesTheLayerByLayerPassBeforeAndAfterTraining() {
        assertThat(DnnlConv.usable(DataType.FLOAT)).as("oneDNN loads on the CPU backend").isTrue();
        PreActBlock[] blocks = {PreActBlock.of(8, 1), PreActBlock.of(16, 2), PreActBlock.of(16, 1)};
        try (Sequential net = network(blocks)) {
            Nd4j.getRandom().setSeed(21);
            randomiseStatistics(net);
            int[][] runs = {{6, 1}, {4, 2}, {6, 2}, {3, 1}};
            for (int[] run : runs) {
                Nd4jRuntime.useOmpThreadsHere(run[1]);
                System.gc(); // the layers' native buffers must stay referenced
                String what = "batch " + run[0] + ", threads " + run[1];
                input = rand(run[0], 8, 8, 3);
                INDArray before = input.dup();
                INDArray fused = inference(net, blocks, true);
                INDArray separate = inference(net, blocks, false);
                assertClose(what, fused, separate);
                assertThat(inference(net, blocks, true)).as(what + " repeatable").isEqualTo(fused);
                assertThat(input).as(what + " input unchanged").isEqualTo(before);
                // a training step: the running statistics and (a plain SGD step) the parameters change
                net.forward(input, true);
                net.backward(rand(run[0], 16));
                net.parameters().values().subi(net.parameters().gradients().mul(0.1));
                INDArray after = inference(net, blocks, true);
                assertThat(after.equalsWithEps(fused, 1e-3)).as(what + " the step changed the outputs").isFalse();
                assertClose(what + ", after a training step", after, inference(net, blocks, false));
            }
        }
    }

    @Test
    void batchNormAndReluAsOnePrimitiveInTrainingGiveTheLayerByLayerGradients() {
        PreActBlock[] fused = {PreActBlock.of(8, 1), PreActBlock.of(16, 2)};
        PreActBlock[] separate = {PreActBlock.of(8, 1).fusedInference(false), PreActBlock.of(16, 2).fusedInference(false)};
        try (Sequential a = network(fused); Sequential b = network(separate)) {
            a.setComputeInputGradient(true);
            b.setComputeInputGradient(true);
            Nd4j.getRandom().setSeed(8);
            randomiseStatistics(a);
            b.parameters().values().assign(a.parameters().values());
            for (String k : a.state().keySet()) {
                b.state().get(k).assign(a.state().get(k));
            }
            for (int[] run : new int[][] {{6, 1}, {4, 2}}) {
                Nd4jRuntime.useOmpThreadsHere(run[1]);
                String what = "batch " + run[0] + ", threads " + run[1];
                INDArray x = rand(run[0], 8, 8, 3);
                INDArray g = rand(run[0], 16);
                assertClose(what + " output", a.forward(x, true).dup(), b.forward(x, true).dup());
                assertClose(what + " input gradient", a.backward(g.dup()).dup(), b.backward(g.dup()).dup());
                assertClose(what + " parameter gradients", a.parameters().gradients(), b.parameters().gradients());
                for (String k : a.state().keySet()) {
                    assertClose(what + " " + k, a.state().get(k), b.state().get(k));
                }
                INDArray y = a.forward(x, true).dup();
                INDArray gx = a.backward(g.dup()).dup();
                assertThat(a.forward(x, true)).as(what + " repeatable").isEqualTo(y);
                assertThat(a.backward(g.dup())).as(what + " repeatable gradient").isEqualTo(gx);
                for (int i = 0; i < 2; i++) { // as many training passes as a (the running statistics move on)
                    b.forward(x, true);
                    b.backward(g.dup());
                }
            }
        }
    }

    /**
     * A plain chain (VGG's pattern: convolution, batch norm, ReLU) and a residual branch with such a pair; its batch
     * norms are added to {@code norms}.
     */
    private static Sequential chain(List<BatchNorm> norms) {
        for (int i = 0; i < 3; i++) {
            norms.add(new BatchNorm());
        }
        List<Layer> branch = List.of(norms.get(1), new Relu(), new Conv2d(8, 3, 1, true, false));
        return Sequential.of(new long[] {8, 8, 3}, List.of(new Conv2d(8, 3, 1, true, false), norms.get(0), new Relu(),
                new Residual(branch, List.of()), new Conv2d(16, 3, 2, true, false), norms.get(2), new Relu(),
                new GlobalAvgPool()), 4, 6, DataType.FLOAT);
    }

    private static List<Boolean> appliedRelu(List<BatchNorm> norms) {
        return norms.stream().map(BatchNorm::appliedRelu).toList();
    }

    @Test
    void batchNormAndReluInAChainTrainAsOnePrimitiveWithTheLayerByLayerGradients() {
        boolean was = Chain.fuseTraining(true);
        List<BatchNorm> normsA = new java.util.ArrayList<>();
        List<BatchNorm> normsB = new java.util.ArrayList<>();
        try (Sequential a = chain(normsA); Sequential b = chain(normsB)) {
            a.setComputeInputGradient(true);
            b.setComputeInputGradient(true);
            Nd4j.getRandom().setSeed(9);
            randomiseStatistics(a);
            b.parameters().values().assign(a.parameters().values());
            for (String k : a.state().keySet()) {
                b.state().get(k).assign(a.state().get(k));
            }
            for (int[] run : new int[][] {{6, 1}, {4, 2}, {5, 2}}) {
                Nd4jRuntime.useOmpThreadsHere(run[1]);
                String what = "batch " + run[0] + ", threads " + run[1];
                INDArray x = rand(run[0], 8, 8, 3);
                INDArray g = rand(run[0], 16);
                Chain.fuseTraining(true);
                INDArray y = a.forward(x, true).dup();
                INDArray gx = a.backward(g.dup()).dup();
                assertThat(appliedRelu(normsA)).as(what + " fused").containsExactly(true, true, true);
                Chain.fuseTraining(false);
                assertClose(what + " output", y, b.forward(x, true).dup());
                assertClose(what + " input gradient", gx, b.backward(g.dup()).dup());
                assertThat(appliedRelu(normsB)).as(what + " layer by layer").containsExactly(false, false, false);
                assertClose(what + " parameter gradients", a.parameters().gradients(), b.parameters().gradients());
                for (String k : a.state().keySet()) {
                    assertClose(what + " " + k, a.state().get(k), b.state().get(k));
                }
                Chain.fuseTraining(true);
                assertThat(a.forward(x, true)).as(what + " repeatable").isEqualTo(y);
                assertThat(a.backward(g.dup())).as(what + " repeatable gradient").isEqualTo(gx);
                Chain.fuseTraining(false);
                b.forward(x, true); // as many training passes as a (the running statistics move on)
                b.backward(g.dup());
            }
        } finally {
            Chain.fuseTraining(was);
            Nd4jRuntime.useOmpThreadsHere(Nd4jRuntime.threads());
        }
    }

    @Test
    void fusedPrimitivesAreOneDnnsOptimisedKernels() {
        PreActBlock block = PreActBlock.of(16, 1);
        try (Sequential net = Sequential.of(new long[] {8, 8, 16}, List.of(block), 1, 4, DataType.FLOAT)) {
            Conv2d conv = block.conv1();
            for (String impl : new String[] {conv.fusedImplementation(4, true, true, false),
                conv.fusedImplementation(4, false, false, true)}) {
                assertThat(impl).doesNotStartWith("ref").doesNotStartWith("none");
            }
        }
    }

    @Test
    void batchNormInferenceOnOneDnnMatchesTheFoldedMapInPlaceToo() {
        BatchNorm direct = new BatchNorm();
        BatchNorm folded = new BatchNorm().directOneDnn(false);
        try (Sequential a = Sequential.of(new long[] {5, 5, 16}, List.of(direct), 1, 6, DataType.FLOAT);
                Sequential b = Sequential.of(new long[] {5, 5, 16}, List.of(folded), 1, 6, DataType.FLOAT)) {
            Nd4j.getRandom().setSeed(4);
            randomiseStatistics(a);
            for (String k : a.state().keySet()) {
                b.state().get(k).assign(a.state().get(k));
            }
            b.parameters().values().assign(a.parameters().values());
            INDArray x = rand(5, 5, 5, 16);
            for (boolean relu : new boolean[] {false, true}) {
                INDArray expected = folded.inference(x, relu).dup();
                assertClose("relu " + relu, direct.inference(x, relu), expected);
                INDArray y = x.dup();
                assertClose("in place, relu " + relu, direct.inference(y, y, relu), expected);
            }
        }
    }

    @Test
    void closingANetworkDestroysItsOneDnnObjects() {
        long before = Dnnl.live();
        PreActBlock[] blocks = {PreActBlock.of(8, 1), PreActBlock.of(16, 2)};
        Sequential net = network(blocks);
        input = rand(4, 8, 8, 3);
        for (int threads = 1; threads <= 2; threads++) {
            Nd4jRuntime.useOmpThreadsHere(threads);
            inference(net, blocks, true);
            net.forward(input, true);
            net.backward(rand(4, 16));
        }
        assertThat(Dnnl.live()).as("memory objects and primitives while the network is open").isGreaterThan(before + 50);
        net.close();
        assertThat(Dnnl.live()).as("after close").isEqualTo(before);
    }
}
