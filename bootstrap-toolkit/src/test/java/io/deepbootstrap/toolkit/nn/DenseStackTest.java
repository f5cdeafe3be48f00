package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The oneDNN inference pass of a dense/ReLU stack ({@link DenseStack}, {@link DnnlDense}, used by
 * {@link NativeNetwork#predict}): the layer-by-layer pass's probabilities up to float rounding, the same bits on
 * repeats, packed weights re-packed after every way the parameters are written, primitives freed on close.
 */
@ExtendWith(ParallelSplitOn.class)
class DenseStackTest {
    private static final int FEATURES = 3072;
    private static final int CLASSES = 10;
    private static final int MAX_BATCH = 128;
    private boolean wasEnabled;

    @BeforeEach
    void setUp() {
        assumeTrue(Dnnl.usable(DataType.FLOAT), "oneDNN not loadable here");
        wasEnabled = DenseStack.enable(true);
    }

    @AfterEach
    void tearDown() {
        DenseStack.enable(wasEnabled);
        Nd4jRuntime.setThreads(1);
    }

    private static NativeNetwork mlp(int threads) {
        Sequential layers = Sequential.of(new long[] {FEATURES}, List.of(new Dense(512), new Relu(), new Dense(512), new Relu(),
                new Dense(CLASSES)), 11, MAX_BATCH, DataType.FLOAT);
        return new NativeNetwork(layers, CLASSES, threads);
    }

    private static Batch batch(int n, long seed) {
        Batch b = new Batch(InputShape.vector(FEATURES), CLASSES, MAX_BATCH);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < b.features().length; i++) {
            b.features()[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < MAX_BATCH; i++) {
            b.labels()[i] = r.nextInt(CLASSES);
        }
        b.setOneHotTargets();
        b.setSize(n);
        return b;
    }

    private static float[] predict(NativeNetwork net, Batch b, boolean dnnl) {
        boolean was = DenseStack.enable(dnnl);
        try {
            float[] p = new float[b.size() * CLASSES];
            net.predict(b, p);
            return p;
        } finally {
            DenseStack.enable(was);
        }
    }

    private static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s [%d]", what, i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(2e-6));
        }
    }

    @Test
    void oneDnnPassGivesTheLayerByLayerProbabilitiesAtOneAndTwoThreadsFullAndPartialBatches() {
        for (int threads = 1; threads <= 2; threads++) {
            try (NativeNetwork net = mlp(threads)) {
                for (int n : new int[] {128, 100, 16, 1}) {
                    Batch b = batch(n, n);
                    float[] reference = predict(net, b, false);
                    long before = net.denseStackPasses();
                    float[] dnnl = predict(net, b, true);
                    assertThat(net.denseStackPasses()).isEqualTo(before + 1);
                    assertThat(dnnl).as("another summation order than BLAS's").isNotEqualTo(reference);
                    assertClose(dnnl, reference, threads + " thread(s), batch " + n);
                    assertThat(predict(net, b, true)).as("repeat: the same bits").isEqualTo(dnnl);
                }
            }
        }
    }

    @Test
    void theFusedReluMatchesTheLayerWithTheReluAfterIt() {
        try (Sequential net = Sequential.of(new long[] {40}, List.of(new Dense(24), new Relu()), 3, 8, DataType.FLOAT)) {
            Dense d = (Dense) net.layers().get(0);
            INDArray x = Nd4j.rand(DataType.FLOAT, 8, 40).subi(0.5);
            INDArray plain = net.forward(x, false).dup();
            assertThat(plain.minNumber().doubleValue()).isZero(); // some outputs are clamped
            INDArray fused = d.inference(x, true, 1).dup();
            INDArray linear = d.inference(x, false, 1).dup();
            assertThat(linear.minNumber().doubleValue()).isNegative();
            for (int i = 0; i < plain.length(); i++) {
                assertThat(fused.getDouble(i)).isCloseTo(plain.getDouble(i), org.assertj.core.data.Offset.offset(1e-6));
                assertThat(fused.getDouble(i)).isEqualTo(Math.max(0.0, linear.getDouble(i)));
            }
        }
    }

    @Test
    void weightsWrittenAfterAComputeGradientsAreRepacked() {
        try (NativeNetwork net = mlp(2)) {
            INDArray values = net.parameters().values(); // held as an optimizer holds it
            Batch b = batch(128, 3);
            float[] before = predict(net, b, true);
            for (int step = 0; step < 2; step++) {
                net.computeGradients(b);
                values.subi(net.parameters().gradients().mul(0.5));
                float[] after = predict(net, b, true);
                assertThat(after).as("step %d", step).isNotEqualTo(before);
                assertClose(after, predict(net, b, false), "after step " + step);
                before = after;
            }
        }
    }

    @Test
    void weightsWrittenThroughParametersAreRepacked() {
        try (NativeNetwork net = mlp(1); NativeNetwork other = mlp(1)) {
            Batch b = batch(64, 4);
            float[] first = predict(net, b, true);
            INDArray v = other.parameters().values();
            v.muli(1.5); // only the weights change: biases are zero
            net.parameters().values().assign(v);
            float[] after = predict(net, b, true);
            assertThat(after).isNotEqualTo(first);
            assertClose(after, predict(other, b, false), "loaded parameters");
            assertThat(after).isEqualTo(predict(other, b, true));
        }
    }

    @Test
    void oneAndTwoThreadsGiveTheSameBitsForEveryBatchSizeBatchesOf16AndMoreRunAsTwoHalvesSharingThePackedWeights() {
        try (NativeNetwork one = mlp(1); NativeNetwork two = mlp(2)) {
            DenseStack stack = two.denseStack();
            int[] sizes = java.util.stream.IntStream.rangeClosed(1, MAX_BATCH).map(i -> MAX_BATCH + 1 - i).toArray();
            for (int n : sizes) {
                Batch b = batch(n, 40 + n);
                float[] expected = predict(one, b, true);
                long splits = stack.splitPasses();
                // not isEqualTo: on a failure AssertJ would print both arrays
                assertThat(Arrays.equals(predict(two, b, true), expected)).as("batch %d: same bits at 2 threads", n).isTrue();
                assertThat(stack.splitPasses()).as("batch %d split", n).isEqualTo(splits + (n >= 16 ? 1 : 0));
                if (n % 16 == 0 || n < 20) {
                    assertThat(Arrays.equals(predict(two, b, true), expected)).as("batch %d again", n).isTrue();
                    assertClose(expected, predict(one, b, false), "batch " + n + " against the BLAS path");
                }
            }
            assertThat(one.denseStack().splitPasses()).as("one thread: whole batches").isZero();
            for (Layer l : two.sequential().layers()) {
                if (l instanceof Dense d) {
                    assertThat(d.dnnlPackedCopies()).as("one packed copy for both halves and every batch size").isEqualTo(1);
                }
            }
        }
    }

    @Test
    void theWholeBatchPassAtTwoOpenMpThreadsDiffersInTheLastBitTheHalvesDoNot() {
        boolean was = DenseStack.enableSplit(false);
        try (NativeNetwork one = mlp(1); NativeNetwork two = mlp(2)) {
            Batch b = batch(128, 9);
            float[] wholeOne = predict(one, b, true);
            float[] wholeTwo = predict(two, b, true);
            // oneDNN sums the 3,072 inputs of the first layer in two parts at two OpenMP threads
            assertThat(Arrays.equals(wholeOne, wholeTwo)).as("whole batch, 1 vs 2 OpenMP threads").isFalse();
            assertClose(wholeTwo, wholeOne, "whole batch at 2 OpenMP threads");
            DenseStack.enableSplit(true);
            assertThat(Arrays.equals(predict(two, b, true), predict(one, b, true))).as("halves").isTrue();
        } finally {
            DenseStack.enableSplit(was);
        }
    }

    @Test
    void weightsWrittenThroughTheLayersAreRepacked() {
        try (NativeNetwork net = mlp(1); NativeNetwork fresh = mlp(1)) {
            Batch b = batch(32, 6);
            float[] first = predict(net, b, true);
            INDArray held = net.parameters().values();
            Param w = ((Dense) net.sequential().layers().get(2)).params().get(0);
            w.value().muli(-1);
            float[] afterLayers = predict(net, b, true);
            assertThat(afterLayers).isNotEqualTo(first);
            fresh.parameters().values().assign(held);
            assertThat(afterLayers).as("a network that never packed the old weights").isEqualTo(predict(fresh, b, true));
            held.muli(0.5);
            net.sequential().parameters();
            float[] afterSequential = predict(net, b, true);
            fresh.parameters().values().assign(held);
            assertThat(afterSequential).isNotEqualTo(afterLayers).isEqualTo(predict(fresh, b, true));
        }
    }

    @Test
    void aDenseLayerCreatesOneOneDnnPassAndFreesIt() {
        long live = Dnnl.live();
        try (Sequential net = Sequential.of(new long[] {40}, List.of(new Dense(24), new Relu()), 3, 8, DataType.FLOAT)) {
            Dense d = (Dense) net.layers().get(0);
            assertThat(d.dnnlImpl(8)).isNotBlank();
            long created = Dnnl.live();
            assertThat(created).isGreaterThan(live);
            d.inference(Nd4j.rand(DataType.FLOAT, 8, 40), true, 1);
            assertThat(Dnnl.live()).as("the inference pass reuses the primitive dnnlImpl created").isEqualTo(created);
            assertThat(d.dnnlImpl(8)).isNotBlank();
            assertThat(Dnnl.live()).isEqualTo(created);
        }
        assertThat(Dnnl.live()).as("freed by close").isEqualTo(live);
    }

    @Test
    void closingTheNetworkFreesThePrimitives() {
        long live = Dnnl.live();
        try (NativeNetwork net = mlp(1)) {
            predict(net, batch(128, 5), true);
            predict(net, batch(7, 5), true);
            assertThat(Dnnl.live()).isGreaterThan(live);
        }
        assertThat(Dnnl.live()).isEqualTo(live);
    }

    @Test
    void onlyDenseReluStacksOverVectorsRunThroughOneDnn() {
        try (Sequential mlp = Sequential.of(new long[] {6}, List.of(new Dense(8), new Relu(), new Dense(4)), 1, 8, DataType.FLOAT);
                Sequential doubles = Sequential.of(new long[] {6}, List.of(new Dense(8), new Relu(), new Dense(4)), 1, 8,
                        DataType.DOUBLE);
                Sequential gelu = Sequential.of(new long[] {6}, List.of(new Dense(8), new Gelu(), new Dense(4)), 1, 8,
                        DataType.FLOAT);
                Sequential tokens = Sequential.of(new long[] {3, 6}, List.of(new Dense(8), new Relu()), 1, 8, DataType.FLOAT)) {
            assertThat(DenseStack.of(mlp)).isNotNull();
            assertThat(DenseStack.of(doubles)).isNull();
            assertThat(DenseStack.of(gelu)).isNull();
            assertThat(DenseStack.of(tokens)).isNull();
            assertThat(((Dense) mlp.layers().get(0)).dnnlImpl(8)).isNotBlank();
        }
        assertThat(Arrays.asList(1, 2)).hasSize(2);
    }
}
