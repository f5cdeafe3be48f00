package io.deepbootstrap.plugins.widemlp;

import com.typesafe.config.Config;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.toolkit.dl4j.Dl4jNetwork;
import java.util.Locale;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Example architecture plugin: {@code type = wide-mlp}, a multi-layer perceptron of {@code depth} hidden
 * layers of equal {@code width}, built from DL4J layers and handed to the framework through the toolkit's
 * {@link Dl4jNetwork} adapter. The framework supplies the seed, the largest batch and the thread count, and it owns
 * the optimizer, weight decay and learning rate: this class only defines layers (no updater, no regularisation in
 * the DL4J configuration).
 *
 * <p>Keys (defaults in this plugin's {@code reference.conf} under
 * {@code bootstrap.components.architecture.wide-mlp}): {@code width}, {@code depth}, {@code activation}
 * ({@code relu}, {@code tanh} or {@code leaky-relu}).
 */
public final class WideMlpArchitecture implements ArchitectureFactory {

    @Override
    public String name() {
        return "wide-mlp";
    }

    @Override
    public String description() {
        return "wide MLP from DL4J layers: depth hidden layers of one width (example plugin)";
    }

    @Override
    public Network create(Config config, ArchitectureContext context) {
        int width = ConfigValues.positiveInt(config, "width");
        int depth = ConfigValues.positiveInt(config, "depth");
        Activation activation = activation(config);

        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(context.weightSeed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.UNIFORM)
                .biasInit(0)
                .list();
        for (int i = 0; i < depth; i++) {
            layers.layer(new DenseLayer.Builder().nOut(width).activation(activation).build());
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(context.numClasses()).activation(Activation.SOFTMAX).build());
        layers.setInputType(InputType.feedForward(context.inputShape().size()));
        MultiLayerNetwork net = new MultiLayerNetwork(layers.build());
        net.init();
        return new Dl4jNetwork(net, context, Dl4jNetwork.InputLayout.FLAT);
    }

    private static Activation activation(Config config) {
        String value = config.getString("activation").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "relu" -> Activation.RELU;
            case "tanh" -> Activation.TANH;
            case "leaky-relu" -> Activation.LEAKYRELU;
            default -> throw ConfigValues.bad(config, "activation",
                    "expected relu, tanh or leaky-relu, got '" + value + "'");
        };
    }
}
