package io.deepbootstrap.models.arch;

import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.toolkit.nn.BatchNorm;
import io.deepbootstrap.toolkit.nn.Conv2d;
import io.deepbootstrap.toolkit.nn.Flatten;
import io.deepbootstrap.toolkit.nn.GlobalAvgPool;
import io.deepbootstrap.toolkit.nn.Layer;
import io.deepbootstrap.toolkit.nn.LayerNorm;
import io.deepbootstrap.toolkit.nn.PatchEmbedding;
import io.deepbootstrap.toolkit.nn.Pool2d;
import io.deepbootstrap.toolkit.nn.PreActBlock;
import io.deepbootstrap.toolkit.nn.Relu;
import io.deepbootstrap.toolkit.nn.Sequential;
import io.deepbootstrap.toolkit.nn.TokenMeanPool;
import io.deepbootstrap.toolkit.nn.TokenWise;
import io.deepbootstrap.toolkit.nn.TransformerBlock;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds the layer stacks of the paper's image architectures ({@code resnet}, {@code vgg}, {@code vit}) from the
 * native toolkit. The factories validate the keys; these methods take validated values, and are public so that
 * benchmarks and plugins can build the same networks.
 */
public final class ImageModels {
    /** Marker for a 2x2 max-pool in a VGG configuration. */
    public static final int POOL = 0;

    private ImageModels() {
    }

    /**
     * Pre-activation ResNet for small images: 3x3 stem convolution ({@code width} channels, stride 1, no
     * max-pool); stage {@code i} has {@code blocks[i]} {@link PreActBlock}s of {@code width * 2^i} channels, the
     * first block of every stage after the first with stride 2; final batch norm and ReLU, global average
     * pooling, dense output.
     *
     * @param ctx the framework's context
     * @param width channels of the stem and the first stage
     * @param blocks blocks per stage (ResNet-18: {2, 2, 2, 2})
     * @param epsilon batch-norm epsilon
     * @param momentum batch-norm momentum
     * @param dataType FLOAT normally, DOUBLE for checks
     * @return the network's layers
     */
    public static Sequential resnetLayers(ArchitectureContext ctx, int width, int[] blocks, double epsilon, double momentum,
                                          DataType dataType) {
        Sequential net = Classifiers.overImages(ctx, resnetBody(width, blocks, epsilon, momentum), dataType);
        if (width <= SPLIT_MAX_WIDTH) {
            net.splitInference(Classifiers.withOutput(ctx, resnetBody(width, blocks, epsilon, momentum)));
        }
        return net;
    }

    /**
     * The widest ResNet whose inference passes run as two batch halves at once ({@link Sequential#splitInference}):
     * width 16 gains there (docs/PERFORMANCE.md, "ResNet-18 width 16 inference (session 10)"); at width 64 oneDNN's
     * layers already scale over two threads and the replica's buffers would cost ~0.4 GB.
     */
    static final int SPLIT_MAX_WIDTH = 32;

    private static List<Layer> resnetBody(int width, int[] blocks, double epsilon, double momentum) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Conv2d(width, 3, 1, true, false));
        for (int stage = 0; stage < blocks.length; stage++) {
            int channels = Math.multiplyExact(width, 1 << stage);
            for (int b = 0; b < blocks[stage]; b++) {
                layers.add(new PreActBlock(channels, stage > 0 && b == 0 ? 2 : 1, epsilon, momentum));
            }
        }
        layers.add(new BatchNorm(epsilon, momentum));
        layers.add(new Relu());
        layers.add(new GlobalAvgPool());
        return layers;
    }

    /**
     * VGG with batch norm: per entry of {@code config} a 3x3 same-padded convolution (with bias) + batch norm +
     * ReLU, or for {@link #POOL} a 2x2 stride-2 max-pool, which is skipped when the feature map is already
     * smaller than 2x2 (so 28x28 inputs go 28, 14, 7, 3, 1 and skip the fifth pool); then flatten and a dense
     * output.
     *
     * @param ctx the framework's context
     * @param config channel counts and {@link #POOL} markers
     * @param epsilon batch-norm epsilon
     * @param momentum batch-norm momentum
     * @param dataType FLOAT normally, DOUBLE for checks
     * @return the network's layers
     */
    public static Sequential vggLayers(ArchitectureContext ctx, int[] config, double epsilon, double momentum, DataType dataType) {
        List<Layer> layers = new ArrayList<>();
        int h = ctx.inputShape().height();
        int w = ctx.inputShape().width();
        for (int c : config) {
            if (c == POOL) {
                if (h >= 2 && w >= 2) {
                    layers.add(Pool2d.max(2, 2));
                    h /= 2;
                    w /= 2;
                }
            } else {
                layers.add(Conv2d.same(c, 3));
                layers.add(new BatchNorm(epsilon, momentum));
                layers.add(new Relu());
            }
        }
        layers.add(new Flatten());
        return Classifiers.overImages(ctx, layers, dataType);
    }

    /**
     * Vision transformer: {@link PatchEmbedding} (with learned position embeddings), {@code depth} pre-LN
     * {@link TransformerBlock}s, a final layer norm, mean pooling over the tokens, dense output.
     *
     * @param ctx the framework's context
     * @param patch patch size (must divide the image height and width)
     * @param dim token width
     * @param depth number of blocks
     * @param heads attention heads (must divide dim)
     * @param mlpDim hidden width of the blocks' MLPs
     * @param dataType FLOAT normally, DOUBLE for checks
     * @return the network's layers
     */
    public static Sequential vitLayers(ArchitectureContext ctx, int patch, int dim, int depth, int heads, int mlpDim,
                                       DataType dataType) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new PatchEmbedding(patch, dim));
        for (int i = 0; i < depth; i++) {
            layers.add(new TransformerBlock(heads, mlpDim));
        }
        layers.add(new TokenWise(new LayerNorm()));
        layers.add(new TokenMeanPool());
        return Classifiers.overImages(ctx, layers, dataType);
    }
}
