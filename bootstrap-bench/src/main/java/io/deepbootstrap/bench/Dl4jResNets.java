package io.deepbootstrap.bench;

import io.deepbootstrap.models.dl4j.Dl4jModels;
import io.deepbootstrap.toolkit.dl4j.Dl4jNetwork;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.ArchitectureContext;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Pre-activation ResNets as plain DL4J {@link ComputationGraph}s (NHWC input): the DL4J counterparts of the
 * native {@code preact-resnet} and {@code resnet} architectures, for benchmarks and equivalence checks.
 *
 * <p>Layout: a 3x3 stem convolution to {@code widths[0]} channels; per stage {@code s} and block {@code b}
 * a pre-activation basic block (BN-ReLU-conv3x3(stride)-BN-ReLU-conv3x3, plus shortcut), the first block
 * of every stage after the first with stride 2 (while the map is at least 2x2) and a 1x1 projection
 * shortcut, other blocks with stride 1 and an identity shortcut when the channel count is unchanged (a
 * projection otherwise); then BN-ReLU and either global average pooling or a flatten, and a dense softmax
 * output with multi-class cross-entropy. Convolutions are "same" padded without bias.
 *
 * <p>Vertex names: {@code stem}; block {@code i} (1-based over all stages) {@code b<i>bn1}, {@code b<i>r1},
 * {@code b<i>c1}, {@code b<i>bn2}, {@code b<i>r2}, {@code b<i>c2}, {@code b<i>sc} (projection) and the sum
 * {@code b<i>}; then {@code bn}, {@code r}, {@code pool} (if pooled) and {@code out}.
 */
public final class Dl4jResNets {
    private Dl4jResNets() {
    }

    /**
     * The shape of a pre-activation ResNet.
     *
     * @param widths channels per stage
     * @param blocks residual blocks per stage (same length as {@code widths})
     * @param shortcutFromPreactivation whether projection shortcuts read the block's pre-activation
     *     {@code relu(bn1(x))} (as the native {@code resnet}'s {@code PreActBlock}) rather than its input
     *     {@code x} (as the native {@code preact-resnet})
     * @param globalPool global average pooling before the output layer (otherwise the map is flattened)
     * @param epsilon batch-norm epsilon
     * @param momentum batch-norm momentum in PyTorch's convention (weight of the batch statistics)
     */
    public record Spec(int[] widths, int[] blocks, boolean shortcutFromPreactivation, boolean globalPool,
                       double epsilon, double momentum) {
        /**
         * @throws IllegalArgumentException if the arrays are empty or of different lengths
         */
        public Spec {
            if (widths.length == 0 || widths.length != blocks.length) {
                throw new IllegalArgumentException("widths and blocks must be non-empty and of equal length, got "
                        + widths.length + " and " + blocks.length);
            }
        }
    }

    private static ConvolutionLayer conv(int out, int k, int stride) {
        return new ConvolutionLayer.Builder(k, k).stride(stride, stride).nOut(out).hasBias(false)
                .convolutionMode(ConvolutionMode.Same).dataFormat(CNN2DFormat.NHWC).activation(Activation.IDENTITY)
                .build();
    }

    private static BatchNormalization bn(Spec spec) {
        return new BatchNormalization.Builder().eps(spec.epsilon()).decay(1 - spec.momentum())
                .dataFormat(CNN2DFormat.NHWC).build();
    }

    private static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }

    /**
     * Builds the graph configuration on the given global settings (seed, data type, init, ...).
     *
     * @param global the network-wide settings
     * @param input the shape of one input example (NHWC)
     * @param numClasses width of the softmax output
     * @param spec the ResNet's shape
     * @return the configuration
     */
    public static ComputationGraphConfiguration config(NeuralNetConfiguration.Builder global, InputShape input,
                                                       int numClasses, Spec spec) {
        ComputationGraphConfiguration.GraphBuilder g = global.graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(input.height(), input.width(), input.channels(), CNN2DFormat.NHWC))
                .addLayer("stem", conv(spec.widths()[0], 3, 1), "in");
        String prev = "stem";
        int channels = spec.widths()[0];
        long h = input.height();
        long w = input.width();
        int block = 0;
        for (int s = 0; s < spec.widths().length; s++) {
            int out = spec.widths()[s];
            for (int b = 0; b < spec.blocks()[s]; b++) {
                String p = "b" + (++block);
                int stride = s > 0 && b == 0 && h >= 2 && w >= 2 ? 2 : 1;
                g.addLayer(p + "bn1", bn(spec), prev).addLayer(p + "r1", relu(), p + "bn1")
                        .addLayer(p + "c1", conv(out, 3, stride), p + "r1")
                        .addLayer(p + "bn2", bn(spec), p + "c1").addLayer(p + "r2", relu(), p + "bn2")
                        .addLayer(p + "c2", conv(out, 3, 1), p + "r2");
                String shortcut = prev;
                if (stride != 1 || out != channels || (s > 0 && b == 0)) {
                    g.addLayer(p + "sc", conv(out, 1, stride), spec.shortcutFromPreactivation() ? p + "r1" : prev);
                    shortcut = p + "sc";
                }
                g.addVertex(p, new ElementWiseVertex(ElementWiseVertex.Op.Add), p + "c2", shortcut);
                prev = p;
                channels = out;
                if (stride == 2) {
                    h = (h + 1) / 2;
                    w = (w + 1) / 2;
                }
            }
        }
        g.addLayer("bn", bn(spec), prev).addLayer("r", relu(), "bn");
        String last = "r";
        if (spec.globalPool()) {
            g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "r");
            last = "pool";
        }
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses)
                .activation(Activation.SOFTMAX).build(), last);
        return g.setOutputs("out").build();
    }

    /**
     * @param ctx the framework's context
     * @param spec the ResNet's shape
     * @return the DL4J ResNet with the framework's settings (seed, init as {@link Dl4jModels#global}), adapted
     */
    public static Dl4jNetwork resnet(ArchitectureContext ctx, Spec spec) {
        ComputationGraph graph = new ComputationGraph(config(Dl4jModels.global(ctx), ctx.inputShape(),
                ctx.numClasses(), spec));
        graph.init();
        return new Dl4jNetwork(graph, ctx, Dl4jNetwork.InputLayout.NHWC);
    }
}
