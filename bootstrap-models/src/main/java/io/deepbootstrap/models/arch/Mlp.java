package io.deepbootstrap.models.arch;

import com.typesafe.config.Config;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.models.dl4j.Dl4jModels;
import org.nd4j.linalg.activations.Activation;

/**
 * The built-in multi-layer perceptron: the input flattened (NHWC order), dense hidden layers with one
 * activation, a dense softmax output.
 *
 * <p>Keys (defaults in {@code bootstrap.components.architecture.mlp}): {@code hidden} (widths of the hidden
 * layers, e.g. {@code [512, 512]}), {@code activation} ({@code relu} or {@code gelu}), {@code engine}
 * ({@code native}: the layer toolkit of this module; {@code dl4j}: a DL4J {@code MultiLayerNetwork}).
 */
public final class Mlp {
    private Mlp() {
    }

    /** Registered as {@code type = mlp}. */
    public static final class Factory implements ArchitectureFactory {
        @Override
        public String name() {
            return "mlp";
        }

        @Override
        public String description() {
            return "multi-layer perceptron: dense hidden layers (relu or gelu), softmax output";
        }

        @Override
        public Network create(Config config, ArchitectureContext context) {
            int[] hidden = ConfigValues.positiveInts(config, "hidden", true);
            String activation = ConfigValues.oneOf(config, "activation", "relu", "gelu");
            String engine = ConfigValues.oneOf(config, "engine", Engines.ALL);
            if (engine.equals(Engines.DL4J)) {
                return Dl4jModels.mlp(context, hidden, activation.equals("relu") ? Activation.RELU : Activation.GELU);
            }
            return NativeModels.mlp(context, hidden, activation);
        }
    }
}
