package ${package};

import com.typesafe.config.Config;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.toolkit.dl4j.Dl4jNetwork;
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
 * Architecture {@code ${pluginId}-mlp}: one tanh hidden layer of {@code width} units and a softmax output, built from
 * DL4J layers and handed to the framework through the toolkit's {@link Dl4jNetwork}. The framework supplies the seed,
 * the shapes, the largest batch and the thread count, and owns the optimizer and learning rate: an architecture only
 * defines layers.
 */
public final class ExampleArchitecture implements ArchitectureFactory {
    @Override
    public String name() {
        return "${pluginId}-mlp";
    }

    @Override
    public String description() {
        return "one tanh hidden layer of `width` units (${pluginId})";
    }

    @Override
    public Network create(Config config, ArchitectureContext context) {
        // ConfigValues (the API's helper) reads and checks a value; a bad one is reported with the user's file:line
        int width = ConfigValues.positiveInt(config, "width");
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(context.weightSeed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nOut(width).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(context.numClasses()).activation(Activation.SOFTMAX).build());
        layers.setInputType(InputType.feedForward(context.inputShape().size()));
        MultiLayerNetwork net = new MultiLayerNetwork(layers.build());
        net.init();
        return new Dl4jNetwork(net, context, Dl4jNetwork.InputLayout.FLAT);
    }
}
