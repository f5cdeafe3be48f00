package io.deepbootstrap.models.arch;

import com.typesafe.config.Config;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.models.dl4j.Dl4jModels;
import io.deepbootstrap.toolkit.nn.NativeNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The built-in multi-layer perceptron: the input flattened (NHWC order), dense hidden layers with one
 * activation, a dense softmax output. With {@code batch-norm = true} a batch norm sits between every hidden
 * dense layer and its activation, as in the Deep Bootstrap authors' {@code mlp} ({@code Linear ->
 * BatchNorm1d -> ReLU}, {@code common/models32.py}); the parameter count then equals theirs for the same
 * widths (e.g. {@code [128, 128, 128]} on 32x32x3: 428,426).
 *
 * <p>Keys (defaults in {@code bootstrap.components.architecture.mlp}): {@code hidden} (widths of the hidden
 * layers, e.g. {@code [512, 512]}), {@code activation} ({@code relu} or {@code gelu}), {@code batch-norm},
 * {@code batch-norm-momentum}, {@code batch-norm-epsilon}, {@code engine} ({@code native}: the layer toolkit
 * of this module; {@code dl4j}: a DL4J {@code MultiLayerNetwork}, without batch norm).
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
            return "multi-layer perceptron: dense hidden layers (relu or gelu, optional batch norm), softmax output";
        }

        @Override
        public Network create(Config config, ArchitectureContext context) {
            int[] hidden = ConfigValues.positiveInts(config, "hidden", true);
            String activation = ConfigValues.choice(config, "activation", "relu", "gelu");
            String engine = ConfigValues.choice(config, "engine", Engines.ALL);
            boolean batchNorm = ConfigValues.bool(config, "batch-norm");
            double momentum = ConfigValues.fraction(config, "batch-norm-momentum");
            double epsilon = ConfigValues.positiveDouble(config, "batch-norm-epsilon");
            if (batchNorm && engine.equals(Engines.DL4J)) {
                throw ConfigValues.bad(config, "batch-norm",
                        "batch norm in the mlp needs engine = native (the dl4j engine has none)");
            }
            if (batchNorm) {
                return new NativeNetwork(NativeModels.mlpLayers(context, hidden, activation, true, epsilon, momentum,
                        DataType.FLOAT), context);
            }
            if (engine.equals(Engines.DL4J)) {
                return Dl4jModels.mlp(context, hidden, activation.equals("relu") ? Activation.RELU : Activation.GELU);
            }
            return NativeModels.mlp(context, hidden, activation);
        }
    }
}
