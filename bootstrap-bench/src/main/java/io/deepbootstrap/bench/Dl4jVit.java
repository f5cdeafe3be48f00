package io.deepbootstrap.bench;

import io.deepbootstrap.models.dl4j.Dl4jModels;
import io.deepbootstrap.toolkit.dl4j.Dl4jNetwork;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.ArchitectureContext;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SelfAttentionLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationGELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The closest plain-DL4J counterpart of the native {@code vit} architecture, as a {@link ComputationGraph},
 * for benchmarks (the {@code engine = dl4j} rows of {@code vit-small}).
 *
 * <p>Layout, on tokens in DL4J's recurrent NCW format {@code [n, dim, tokens]}: patch embedding by a
 * {@code patch x patch} convolution with stride {@code patch} (NCHW; with bias) reshaped to the token
 * sequence; {@code depth} pre-LN blocks (layer norm, {@link SelfAttentionLayer} with {@code heads} heads of
 * {@code dim / heads} and input/output projections, residual add; layer norm, per-token MLP
 * {@code dim -> mlpDim} (GELU, tanh form as the native one) {@code -> dim} as kernel-1
 * {@link Convolution1DLayer}s, residual add); final
 * layer norm, average pooling over the tokens, dense softmax output.
 *
 * <p>How it differs from the native ViT: (1) there are <b>no position embeddings</b> (DL4J has no layer
 * adding a learned {@code [dim, tokens]} tensor); (2) the layer norms are {@link LayerNorm} lambda layers
 * <b>without the learned gain and bias</b>; (3) DL4J's attention layer has no biases in its query/key/value
 * and output projections (the native one has). Parameter count and FLOPs are therefore slightly lower than
 * native, by {@code dim * tokens} + {@code 2 * dim} per layer norm + {@code 4 * dim} per attention layer;
 * the compute is dominated by the same matrix products (patch embedding, attention, MLP). Weight
 * initialisation is DL4J's uniform ±1/sqrt(fan-in) throughout, so training dynamics differ too: use it for
 * throughput, not for accuracy comparisons. The network takes NCHW input, so {@link Dl4jNetwork.InputLayout#NCHW} permutes the framework's
 * NHWC features.
 */
public final class Dl4jVit {
    private Dl4jVit() {
    }

    /**
     * Layer normalisation over the features of each token of an NCW sequence, without learned gain or
     * bias: {@code (x - mean) / sqrt(var + 1e-5)} along dimension 1.
     */
    public static final class LayerNorm extends SameDiffLambdaLayer {
        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable x) {
            SDVariable centred = x.sub(x.mean(true, 1));
            SDVariable var = centred.mul(centred).mean(true, 1);
            return centred.div(sd.math().sqrt(var.add(1e-5)));
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType inputType) {
            return inputType;
        }
    }

    private static Convolution1DLayer tokenDense(int out, IActivation activation) {
        return new Convolution1DLayer.Builder(1).stride(1).nOut(out).convolutionMode(ConvolutionMode.Same)
                .rnnDataFormat(RNNFormat.NCW).activation(activation).build();
    }

    /**
     * Builds the graph configuration on the given global settings.
     *
     * @param global network-wide settings (seed, data type, init, ...)
     * @param input the shape of one input example (its height and width must be multiples of {@code patch})
     * @param numClasses width of the softmax output
     * @param patch patch size
     * @param dim token width
     * @param depth number of transformer blocks
     * @param heads attention heads (must divide {@code dim})
     * @param mlpDim hidden width of the blocks' MLPs
     * @return the configuration (NCHW input)
     */
    public static ComputationGraphConfiguration config(NeuralNetConfiguration.Builder global, InputShape input,
                                                       int numClasses, int patch, int dim, int depth, int heads,
                                                       int mlpDim) {
        if (input.height() % patch != 0 || input.width() % patch != 0 || dim % heads != 0) {
            throw new IllegalArgumentException("patch " + patch + " must divide " + input.height() + "x"
                    + input.width() + " and heads " + heads + " must divide dim " + dim);
        }
        int tokens = (input.height() / patch) * (input.width() / patch);
        ComputationGraphConfiguration.GraphBuilder g = global.graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(input.height(), input.width(), input.channels(), CNN2DFormat.NCHW))
                .addLayer("patch", new ConvolutionLayer.Builder(patch, patch).stride(patch, patch).nOut(dim)
                        .convolutionMode(ConvolutionMode.Truncate).dataFormat(CNN2DFormat.NCHW)
                        .activation(Activation.IDENTITY).build(), "in")
                .addVertex("tokens", new ReshapeVertex(-1, dim, tokens), "patch");
        String prev = "tokens";
        for (int i = 1; i <= depth; i++) {
            String p = "t" + i;
            g.addLayer(p + "ln1", new LayerNorm(), prev)
                    .addLayer(p + "att", new SelfAttentionLayer.Builder().nIn(dim).nOut(dim).nHeads(heads)
                            .headSize(dim / heads).projectInput(true).build(), p + "ln1")
                    .addVertex(p + "res1", new ElementWiseVertex(ElementWiseVertex.Op.Add), p + "att", prev)
                    .addLayer(p + "ln2", new LayerNorm(), p + "res1")
                    .addLayer(p + "fc1", tokenDense(mlpDim, new ActivationGELU(true)), p + "ln2")
                    .addLayer(p + "fc2", tokenDense(dim, new ActivationIdentity()), p + "fc1")
                    .addVertex(p, new ElementWiseVertex(ElementWiseVertex.Op.Add), p + "fc2", p + "res1");
            prev = p;
        }
        g.addLayer("ln", new LayerNorm(), prev)
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "ln")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses)
                        .activation(Activation.SOFTMAX).build(), "pool");
        return g.setOutputs("out").build();
    }

    /**
     * @param ctx the framework's context
     * @param patch patch size
     * @param dim token width
     * @param depth number of transformer blocks
     * @param heads attention heads
     * @param mlpDim hidden width of the blocks' MLPs
     * @return the DL4J ViT with the framework's settings (as {@link Dl4jModels#global}), adapted
     */
    public static Dl4jNetwork vit(ArchitectureContext ctx, int patch, int dim, int depth, int heads, int mlpDim) {
        ComputationGraph graph = new ComputationGraph(config(Dl4jModels.global(ctx), ctx.inputShape(),
                ctx.numClasses(), patch, dim, depth, heads, mlpDim));
        graph.init();
        return new Dl4jNetwork(graph, ctx, Dl4jNetwork.InputLayout.NCHW);
    }
}
