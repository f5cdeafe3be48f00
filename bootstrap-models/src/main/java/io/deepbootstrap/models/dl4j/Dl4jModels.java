package io.deepbootstrap.models.dl4j;

import io.deepbootstrap.toolkit.dl4j.Dl4jNetwork;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.ArchitectureContext;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The built-in MLP and CNN as plain DL4J networks (the {@code engine = dl4j} variants, and the reference
 * the native toolkit is checked and benchmarked against).
 *
 * <p>Initialisation matches the native networks: weights uniform in ±1/sqrt(fan-in) (PyTorch's default
 * bound), biases 0. Convolutions are 3x3, stride 1, "same" padding; pooling is 2x2 max, stride 2, and is
 * skipped once the feature map is smaller than 2x2 (so any input shape works). The flatten before the
 * dense layers uses NHWC order.
 */
public final class Dl4jModels {
    private Dl4jModels() {
    }

    /**
     * The network-wide settings of the DL4J variants: weight seed, float32, uniform ±1/sqrt(fan-in) weights, zero
     * biases, workspaces. No updater and no regularisation: the framework's optimizer trains the network through
     * {@link Dl4jNetwork}.
     *
     * @param ctx the framework's context
     * @return a builder to add layers (or a graph) to
     */
    public static NeuralNetConfiguration.Builder global(ArchitectureContext ctx) {
        return new NeuralNetConfiguration.Builder()
                .seed(ctx.weightSeed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.UNIFORM)
                .biasInit(0)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
    }

    private static NeuralNetConfiguration.ListBuilder base(ArchitectureContext ctx) {
        return global(ctx).list();
    }

    /**
     * @param ctx the framework's context
     * @param hidden widths of the hidden layers
     * @param activation hidden activation
     * @return the configuration of an MLP (flat input)
     */
    public static MultiLayerConfiguration mlpConfig(ArchitectureContext ctx, int[] hidden, Activation activation) {
        NeuralNetConfiguration.ListBuilder b = base(ctx);
        for (int h : hidden) {
            b.layer(new DenseLayer.Builder().nOut(h).activation(activation).build());
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(ctx.numClasses())
                .activation(Activation.SOFTMAX).build());
        b.setInputType(InputType.feedForward(ctx.inputShape().size()));
        return b.build();
    }

    /**
     * @param ctx the framework's context
     * @param channels output channels of the conv stages (3x3 conv + ReLU + 2x2 max-pool each)
     * @param dense width of the dense ReLU layer before the output (0 for none)
     * @return the configuration of the CNN (NHWC input)
     */
    public static MultiLayerConfiguration cnnConfig(ArchitectureContext ctx, int[] channels, int dense) {
        InputShape s = ctx.inputShape();
        NeuralNetConfiguration.ListBuilder b = base(ctx);
        int h = s.height();
        int w = s.width();
        for (int c : channels) {
            b.layer(new ConvolutionLayer.Builder(3, 3).stride(1, 1).nOut(c).convolutionMode(ConvolutionMode.Same)
                    .dataFormat(CNN2DFormat.NHWC).activation(Activation.RELU).build());
            if (h >= 2 && w >= 2) {
                b.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Truncate).dataFormat(CNN2DFormat.NHWC).build());
                h /= 2;
                w /= 2;
            }
        }
        if (dense > 0) {
            b.layer(new DenseLayer.Builder().nOut(dense).activation(Activation.RELU).build());
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(ctx.numClasses())
                .activation(Activation.SOFTMAX).build());
        b.setInputType(InputType.convolutional(s.height(), s.width(), s.channels(), CNN2DFormat.NHWC));
        return b.build();
    }

    /**
     * @param ctx the framework's context
     * @param hidden widths of the hidden layers
     * @param activation hidden activation
     * @return the DL4J MLP, adapted
     */
    public static Dl4jNetwork mlp(ArchitectureContext ctx, int[] hidden, Activation activation) {
        return wrap(mlpConfig(ctx, hidden, activation), ctx, Dl4jNetwork.InputLayout.FLAT);
    }

    /**
     * @param ctx the framework's context
     * @param channels output channels of the conv stages
     * @param dense width of the dense layer (0 for none)
     * @return the DL4J CNN, adapted
     */
    public static Dl4jNetwork cnn(ArchitectureContext ctx, int[] channels, int dense) {
        return wrap(cnnConfig(ctx, channels, dense), ctx, Dl4jNetwork.InputLayout.NHWC);
    }

    /**
     * Initialises a configuration and adapts it.
     *
     * @param conf a configuration without updater settings or regularisation (see {@link #global})
     * @param ctx the framework's context
     * @param layout how features are fed
     * @return the adapted network
     */
    public static Dl4jNetwork wrap(MultiLayerConfiguration conf, ArchitectureContext ctx, Dl4jNetwork.InputLayout layout) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return new Dl4jNetwork(net, ctx, layout);
    }
}
