package io.deepbootstrap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.models.Dl4jEquivalenceTest;
import io.deepbootstrap.models.TinyTasks;
import io.deepbootstrap.toolkit.nn.*;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A small pre-activation ResNet built from the toolkit (stem conv, an identity block, a strided block with
 * a 1x1 projection shortcut, batch norm throughout) gives the same training-mode outputs, loss and gradients
 * as the equivalent DL4J ComputationGraph ({@link Dl4jResNets}) with the same weights, within 1e-4 relative (float32).
 */
class ResnetEquivalenceTest {
    private static final double TOL = 1e-4;

    static ComputationGraph dl4j(InputShape s, int classes) {
        NeuralNetConfiguration.Builder global = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Sgd(0.1)).weightInit(WeightInit.UNIFORM);
        ComputationGraph g = new ComputationGraph(Dl4jResNets.config(global, s, classes,
                new Dl4jResNets.Spec(new int[] {4, 8}, new int[] {1, 1}, false, false, 1e-5, 0.1)));
        g.init();
        return g;
    }

    static Sequential toolkit(InputShape s, int classes, int batch) {
        return Sequential.of(new long[] {s.height(), s.width(), s.channels()}, List.of(
                new Conv2d(4, 3, 1, true, false),
                new Residual(List.of(new BatchNorm(), new Relu(), new Conv2d(4, 3, 1, true, false),
                        new BatchNorm(), new Relu(), new Conv2d(4, 3, 1, true, false)), List.of()),
                new Residual(List.of(new BatchNorm(), new Relu(), new Conv2d(8, 3, 2, true, false),
                        new BatchNorm(), new Relu(), new Conv2d(8, 3, 1, true, false)),
                        List.of(new Conv2d(8, 1, 2, true, false))),
                new BatchNorm(), new Relu(), new Flatten(), new Dense(classes)), 1, batch, DataType.FLOAT);
    }

    /** DL4J name, toolkit name; conv weights are permuted from [out, in, kH, kW] to [kH, kW, in, out]. */
    static final String[][] NAMES = {
        {"stem_W", "0_conv2d.weight"},
        {"b1bn1_gamma", "1_residual.branch.0_batchnorm.gamma"}, {"b1bn1_beta", "1_residual.branch.0_batchnorm.beta"},
        {"b1c1_W", "1_residual.branch.2_conv2d.weight"},
        {"b1bn2_gamma", "1_residual.branch.3_batchnorm.gamma"}, {"b1bn2_beta", "1_residual.branch.3_batchnorm.beta"},
        {"b1c2_W", "1_residual.branch.5_conv2d.weight"},
        {"b2bn1_gamma", "2_residual.branch.0_batchnorm.gamma"}, {"b2bn1_beta", "2_residual.branch.0_batchnorm.beta"},
        {"b2c1_W", "2_residual.branch.2_conv2d.weight"},
        {"b2bn2_gamma", "2_residual.branch.3_batchnorm.gamma"}, {"b2bn2_beta", "2_residual.branch.3_batchnorm.beta"},
        {"b2c2_W", "2_residual.branch.5_conv2d.weight"},
        {"b2sc_W", "2_residual.shortcut.0_conv2d.weight"},
        {"bn_gamma", "3_batchnorm.gamma"}, {"bn_beta", "3_batchnorm.beta"},
        {"out_W", "6_dense.weight"}, {"out_b", "6_dense.bias"},
    };

    static INDArray toToolkitLayout(INDArray dl4j, INDArray like) {
        INDArray a = dl4j.rank() == 4 ? dl4j.permute(2, 3, 1, 0) : dl4j;
        return a.dup('c').reshape(like.shape());
    }

    @Test
    void smallPreactResnetMatchesDl4jComputationGraph() {
        InputShape s = new InputShape(8, 8, 3);
        int n = 6;
        int k = 4;
        Batch batch = TinyTasks.batch(s, k, n, 2);
        ComputationGraph ref = dl4j(s, k);
        try (Sequential nat = toolkit(s, k, n)) {
            Map<String, INDArray> dp = ref.paramTable();
            Map<String, INDArray> np = nat.parameters().valueViews();
            assertThat(np).hasSize(NAMES.length);
            // non-trivial gamma and beta, so that the check covers them
            Nd4j.getRandom().setSeed(4);
            for (String[] pair : NAMES) {
                if (pair[0].endsWith("gamma") || pair[0].endsWith("beta")) {
                    dp.get(pair[0]).addi(Nd4j.rand(DataType.FLOAT, dp.get(pair[0]).shape()).subi(0.5).muli(0.4));
                }
                np.get(pair[1]).assign(toToolkitLayout(dp.get(pair[0]), np.get(pair[1])));
            }
            INDArray x = Nd4j.createFromArray(batch.features()).reshape(n, 8, 8, 3);
            INDArray y = Nd4j.createFromArray(batch.targets()).reshape(n, k);

            INDArray pd = ref.outputSingle(true, x.dup());
            INDArray logits = nat.forward(x.dup(), true);
            float[] pn = new float[n * k];
            SoftmaxCrossEntropy head = new SoftmaxCrossEntropy(k, n);
            head.probabilities(logits, pn);
            assertThat(Dl4jEquivalenceTest.relErr(Nd4j.createFromArray(pn).reshape(n, k), pd)).isLessThan(TOL);

            ref.setInput(0, x.dup());
            ref.setLabel(0, y);
            ref.computeGradientAndScore();
            Map<String, INDArray> dg = new HashMap<>();
            ref.gradient().gradientForVariable().forEach((name, g) -> dg.put(name, g.dup().divi(n)));
            INDArray gl = Nd4j.create(DataType.FLOAT, n, k);
            logits = nat.forward(x.dup(), true);
            double loss = head.lossAndGradient(logits, batch.targets(), gl);
            assertThat(Math.abs(loss - ref.score()) / ref.score()).isLessThan(TOL);
            nat.backward(gl);
            Map<String, INDArray> ng = nat.parameters().gradientViews();
            for (String[] pair : NAMES) {
                assertThat(Dl4jEquivalenceTest.relErr(ng.get(pair[1]), toToolkitLayout(dg.get(pair[0]), ng.get(pair[1]))))
                        .as(pair[1]).isLessThan(TOL);
            }
        }
    }
}
