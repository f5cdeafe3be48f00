package io.deepbootstrap.models.arch;

import com.typesafe.config.Config;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.toolkit.nn.NativeNetwork;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Pre-activation ResNet for small images, as in the Deep Bootstrap reference code (see
 * {@link ImageModels#resnetLayers}): 3x3 stem convolution without max-pool, stages of pre-activation basic
 * blocks (BN-ReLU-conv3x3-BN-ReLU-conv3x3, identity or strided 1x1-convolution shortcut) with widths
 * {@code k, 2k, 4k, 8k} and strides {@code 1, 2, 2, 2}, final BN-ReLU, global average pooling, dense output.
 * Batch norm uses batch statistics in {@code fit} and running statistics in {@code predict}, in both worlds.
 *
 * <p>Keys (defaults in {@code bootstrap.components.architecture.resnet}): {@code width} (k), {@code depth}
 * (10, 18 or 34: blocks {@code [1,1,1,1]}, {@code [2,2,2,2]}, {@code [3,4,6,3]}), {@code blocks} (blocks per
 * stage, overrides {@code depth} when non-empty; stage {@code i} has width {@code k * 2^i}),
 * {@code batch-norm-momentum}, {@code batch-norm-epsilon}.
 */
public final class ResNet {
    private ResNet() {
    }

    /**
     * @param depth 10, 18 or 34
     * @return the blocks per stage of that basic-block ResNet, or null for other depths
     */
    public static int[] blocksForDepth(int depth) {
        return switch (depth) {
            case 10 -> new int[] {1, 1, 1, 1};
            case 18 -> new int[] {2, 2, 2, 2};
            case 34 -> new int[] {3, 4, 6, 3};
            default -> null;
        };
    }

    /** Registered as {@code type = resnet}. */
    public static final class Factory implements ArchitectureFactory {
        @Override
        public String name() {
            return "resnet";
        }

        @Override
        public String description() {
            return "pre-activation ResNet (CIFAR stem, basic blocks, widths k..8k), e.g. ResNet-18";
        }

        @Override
        public Network create(Config config, ArchitectureContext context) {
            int width = ConfigValues.positiveInt(config, "width");
            int[] blocks = ConfigValues.positiveInts(config, "blocks", true);
            if (blocks.length == 0) {
                int depth = ConfigValues.integer(config, "depth");
                blocks = blocksForDepth(depth);
                if (blocks == null) {
                    throw ConfigValues.bad(config, "depth",
                            "expected 10, 18 or 34 (basic-block ResNets; for other layouts set blocks = [...]), got " + depth);
                }
            }
            if (blocks.length > 8) {
                throw ConfigValues.bad(config, "blocks",
                        "expected at most 8 stages (stage i has width * 2^i channels), got " + Arrays.toString(blocks));
            }
            double momentum = ConfigValues.fraction(config, "batch-norm-momentum");
            double epsilon = ConfigValues.positiveDouble(config, "batch-norm-epsilon");
            return new NativeNetwork(ImageModels.resnetLayers(context, width, blocks, epsilon, momentum, DataType.FLOAT), context);
        }
    }
}
