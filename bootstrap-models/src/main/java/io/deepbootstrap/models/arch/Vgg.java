package io.deepbootstrap.models.arch;

import com.typesafe.config.Config;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.toolkit.nn.NativeNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * VGG with batch norm (see {@link ImageModels#vggLayers}): the standard VGG-11/13/16/19 configurations
 * (VGG-11: {@code [64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M]}), every convolution followed by batch
 * norm and ReLU, channel counts scaled by {@code width-multiplier} (rounded, at least 1), then flatten and a dense
 * output (for 32x32 inputs the map is 1x1 after the five pools). Max-pools are skipped once the map is smaller than
 * 2x2, so 28x28 inputs work (28, 14, 7, 3, 1, fifth pool skipped).
 *
 * <p>Keys (defaults in {@code bootstrap.components.architecture.vgg}): {@code depth} (11, 13, 16, 19),
 * {@code width-multiplier}, {@code batch-norm-momentum}, {@code batch-norm-epsilon}.
 */
public final class Vgg {
    private static final int M = ImageModels.POOL;

    private Vgg() {
    }

    /**
     * @param depth 11, 13, 16 or 19
     * @param widthMultiplier factor on every channel count
     * @return the configuration (channel counts and {@link ImageModels#POOL} markers), or null for other depths
     */
    public static int[] config(int depth, double widthMultiplier) {
        int[] base = switch (depth) {
            case 11 -> new int[] {64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M};
            case 13 -> new int[] {64, 64, M, 128, 128, M, 256, 256, M, 512, 512, M, 512, 512, M};
            case 16 -> new int[] {64, 64, M, 128, 128, M, 256, 256, 256, M, 512, 512, 512, M, 512, 512, 512, M};
            case 19 -> new int[] {64, 64, M, 128, 128, M, 256, 256, 256, 256, M, 512, 512, 512, 512, M, 512, 512, 512, 512, M};
            default -> null;
        };
        if (base == null) {
            return null;
        }
        int[] out = base.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] != M) {
                out[i] = (int) Math.max(1, Math.round(out[i] * widthMultiplier));
            }
        }
        return out;
    }

    /** Registered as {@code type = vgg}. */
    public static final class Factory implements ArchitectureFactory {
        @Override
        public String name() {
            return "vgg";
        }

        @Override
        public String description() {
            return "VGG with batch norm (VGG-11 by default), channel counts scaled by width-multiplier";
        }

        @Override
        public Network create(Config config, ArchitectureContext context) {
            int depth = ConfigValues.integer(config, "depth");
            double multiplier = ConfigValues.positiveDouble(config, "width-multiplier");
            int[] cfg = config(depth, multiplier);
            if (cfg == null) {
                throw ConfigValues.bad(config, "depth", "expected 11, 13, 16 or 19, got " + depth);
            }
            double momentum = ConfigValues.fraction(config, "batch-norm-momentum");
            double epsilon = ConfigValues.positiveDouble(config, "batch-norm-epsilon");
            return new NativeNetwork(ImageModels.vggLayers(context, cfg, epsilon, momentum, DataType.FLOAT), context);
        }
    }
}
