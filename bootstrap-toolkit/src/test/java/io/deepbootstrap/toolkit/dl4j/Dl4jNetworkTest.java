package io.deepbootstrap.toolkit.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.Parameters;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The DL4J adapter: the framework's SGD step on the adapter's gradients equals DL4J's own {@code fit} with DL4J's
 * SGD updater (so the gradient is the mean-loss gradient and batch-norm running statistics are updated as DL4J does),
 * and configurations the framework would silently change are refused with the layer named.
 */
class Dl4jNetworkTest {
    private static final InputShape SHAPE = InputShape.vector(5);
    private static final int K = 3;
    private static final int N = 8;
    private static final double LR = 0.1;

    record Context(InputShape inputShape, int numClasses, long weightSeed, int maxBatchSize, int nativeThreads)
            implements ArchitectureContext {
    }

    private static NeuralNetConfiguration.ListBuilder layers(boolean batchNorm) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Sgd(LR)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build());
        if (batchNorm) {
            b.layer(new BatchNormalization.Builder().build());
        }
        return b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(K).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(SHAPE.size()));
    }

    private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static Batch batch(long seed) {
        Batch b = new Batch(SHAPE, K, N);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < b.features().length; i++) {
            b.features()[i] = (float) r.nextDouble(-2, 2);
        }
        for (int i = 0; i < N; i++) {
            b.labels()[i] = r.nextInt(K);
        }
        b.setOneHotTargets();
        return b;
    }

    private static double relErr(INDArray a, INDArray b) {
        double diff = a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        return diff / Math.max(b.castTo(DataType.DOUBLE).amaxNumber().doubleValue(), 1e-12);
    }

    private static void assertSgdMatchesDl4jFit(boolean batchNorm) {
        MultiLayerNetwork reference = init(layers(batchNorm).build());
        MultiLayerNetwork adapted = init(layers(batchNorm).build());
        assertThat(adapted.params()).isEqualTo(reference.params());
        try (Dl4jNetwork net = new Dl4jNetwork(adapted, new Context(SHAPE, K, 3, N, 1), Dl4jNetwork.InputLayout.FLAT)) {
            Parameters p = net.parameters();
            for (int step = 0; step < 3; step++) {
                Batch b = batch(step);
                INDArray x = Nd4j.createFromArray(b.features()).reshape(N, SHAPE.size());
                INDArray y = Nd4j.createFromArray(b.targets()).reshape(N, K);
                reference.fit(x, y);
                double referenceLoss = reference.score();
                INDArray before = p.values().dup();
                double loss = net.computeGradients(b);
                assertThat(p.values()).as("computeGradients leaves the parameters alone").isEqualTo(before);
                assertThat(Math.abs(loss - referenceLoss) / referenceLoss).as("loss of step %d", step).isLessThan(1e-5);
                Nd4j.getBlasWrapper().level1().axpy(p.length(), -LR, p.gradients(), p.values()); // plain SGD
            }
            Map<String, INDArray> expected = reference.paramTable();
            for (Map.Entry<String, INDArray> e : p.valueViews().entrySet()) {
                assertThat(relErr(e.getValue(), expected.get(e.getKey()))).as(e.getKey()).isLessThan(1e-5);
            }
            for (Map.Entry<String, INDArray> e : net.buffers().entrySet()) {
                assertThat(relErr(e.getValue(), expected.get(e.getKey()))).as(e.getKey()).isLessThan(1e-5);
            }
            assertThat(p.valueViews().size() + net.buffers().size()).isEqualTo(expected.size());
        }
    }

    @Test
    void frameworkSgdOnAdapterGradientsEqualsDl4jFit() {
        assertSgdMatchesDl4jFit(false);
    }

    @Test
    void batchNormRunningStatisticsAreBuffersUpdatedAsDl4jDoes() {
        assertSgdMatchesDl4jFit(true);
        MultiLayerNetwork net = init(layers(true).build());
        try (Dl4jNetwork adapted = new Dl4jNetwork(net, new Context(SHAPE, K, 3, N, 1), Dl4jNetwork.InputLayout.FLAT)) {
            assertThat(adapted.buffers()).containsOnlyKeys("1_mean", "1_log10stdev");
            assertThat(adapted.parameters().views()).extracting(Parameters.View::name)
                    .containsExactly("0_W", "0_b", "1_gamma", "1_beta", "2_W", "2_b");
            assertThat(adapted.parameterCount()).isEqualTo(net.numParams() - 2 * 6);
            INDArray mean = adapted.buffers().get("1_mean").dup();
            adapted.computeGradients(batch(9));
            assertThat(adapted.buffers().get("1_mean")).isNotEqualTo(mean);
        }
    }

    @Test
    void withoutBuffersTheParametersAreDl4jsOwnArrays() {
        MultiLayerNetwork net = init(layers(false).build());
        try (Dl4jNetwork adapted = new Dl4jNetwork(net, new Context(SHAPE, K, 3, N, 1), Dl4jNetwork.InputLayout.FLAT)) {
            Parameters p = adapted.parameters();
            assertThat(p.views().get(0)).isEqualTo(new Parameters.View("0_W", new long[] {5, 6}, 0, 'f'));
            p.value("1_W").putScalar(new long[] {1, 2}, 42f);
            assertThat(net.paramTable().get("1_W").getFloat(1, 2)).isEqualTo(42f);
            assertThat(p.length()).isEqualTo(net.numParams());
        }
    }

    @Test
    void configurationsTheFrameworkWouldChangeAreRefusedNamingTheLayer() {
        Context ctx = new Context(SHAPE, K, 3, N, 1);
        MultiLayerConfiguration l2 = new NeuralNetConfiguration.Builder().l2(1e-4).list()
                .layer(new DenseLayer.Builder().nOut(4).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(K).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5)).build();
        assertThatThrownBy(() -> new Dl4jNetwork(init(l2), ctx, Dl4jNetwork.InputLayout.FLAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DL4J layer 'layer0' (DenseLayer) has regularization [L2Regularization")
                .hasMessageContaining("the framework applies weight decay itself (training.optimizer.weight-decay)");
        MultiLayerConfiguration clipped = new NeuralNetConfiguration.Builder()
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(K).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5)).build();
        assertThatThrownBy(() -> new Dl4jNetwork(init(clipped), ctx, Dl4jNetwork.InputLayout.FLAT))
                .hasMessage("DL4J layer 'layer0' (OutputLayer) has gradient normalization ClipElementWiseAbsoluteValue, which DL4J "
                        + "applies in its updater; the framework's optimizer does not: remove it");
        MultiLayerConfiguration mse = new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(K).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(5)).build();
        assertThatThrownBy(() -> new Dl4jNetwork(init(mse), ctx, Dl4jNetwork.InputLayout.FLAT))
                .hasMessageStartingWith("the DL4J network's output layer 'layer0' (OutputLayer) must be softmax with LossMCXENT");
        assertThatThrownBy(() -> new Dl4jNetwork(new MultiLayerNetwork(mse), ctx, Dl4jNetwork.InputLayout.FLAT))
                .hasMessage("the DL4J network is not initialised: call init() before adapting it");
    }
}
