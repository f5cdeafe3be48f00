package io.deepbootstrap.models.arch;

import com.typesafe.config.Config;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.toolkit.nn.NativeNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Vision transformer (see {@link ImageModels#vitLayers}): non-overlapping {@code patch-size} patches linearly
 * embedded to {@code dim} features plus learned position embeddings, {@code depth} pre-LN transformer blocks
 * (LN, multi-head self-attention, residual; LN, MLP with GELU, residual), final layer norm, mean pooling over
 * the tokens, dense output. No class token, no dropout.
 *
 * <p>Keys (defaults in {@code bootstrap.components.architecture.vit}): {@code patch-size} (must divide the
 * image height and width: 4 for 28x28 and 32x32, 8 for 32x32), {@code dim}, {@code depth}, {@code heads}
 * (must divide {@code dim}), {@code mlp-dim}.
 */
public final class Vit {
    private Vit() {
    }

    /** Registered as {@code type = vit}. */
    public static final class Factory implements ArchitectureFactory {
        @Override
        public String name() {
            return "vit";
        }

        @Override
        public String description() {
            return "vision transformer: patch embedding, pre-LN transformer blocks, mean pooling, dense output";
        }

        @Override
        public Network create(Config config, ArchitectureContext context) {
            int patch = ConfigValues.positiveInt(config, "patch-size");
            InputShape s = context.inputShape();
            if (s.height() % patch != 0 || s.width() % patch != 0) {
                throw ConfigValues.bad(config, "patch-size",
                        "expected a patch size that divides the image size " + s.height() + "x" + s.width() + ", got " + patch);
            }
            int dim = ConfigValues.positiveInt(config, "dim");
            int depth = ConfigValues.nonNegativeInt(config, "depth");
            int heads = ConfigValues.positiveInt(config, "heads");
            if (dim % heads != 0) {
                throw ConfigValues.bad(config, "heads",
                        "expected a number of heads that divides dim = " + dim + ", got " + heads);
            }
            int mlpDim = ConfigValues.positiveInt(config, "mlp-dim");
            return new NativeNetwork(ImageModels.vitLayers(context, patch, dim, depth, heads, mlpDim, DataType.FLOAT), context);
        }
    }
}
