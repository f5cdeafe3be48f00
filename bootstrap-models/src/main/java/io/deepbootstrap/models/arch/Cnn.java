package io.deepbootstrap.models.arch;

import com.typesafe.config.Config;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.models.dl4j.Dl4jModels;

/**
 * The built-in small convolutional network: per stage a 3x3 convolution (stride 1, same padding) + ReLU +
 * 2x2 max-pool (skipped once the map is smaller than 2x2), then a dense ReLU layer and a softmax output.
 * The defaults give a small conv32-pool-conv64-pool-fc128 network (the benchmarks' CNN). It is not an
 * architecture of the Deep Bootstrap paper: the authors' CNN is {@link Mcnn} ({@code type = mcnn}).
 *
 * <p>Keys (defaults in {@code bootstrap.components.architecture.cnn}): {@code channels} (output channels per
 * stage), {@code dense} (width of the dense layer, 0 for none), {@code engine} ({@code native} or {@code dl4j}).
 */
public final class Cnn {
    private Cnn() {
    }

    /** Registered as {@code type = cnn}. */
    public static final class Factory implements ArchitectureFactory {
        @Override
        public String name() {
            return "cnn";
        }

        @Override
        public String description() {
            return "small CNN: (3x3 conv + relu + 2x2 max-pool) per stage, dense relu layer, softmax output";
        }

        @Override
        public Network create(Config config, ArchitectureContext context) {
            int[] channels = ConfigValues.positiveInts(config, "channels", false);
            int dense = ConfigValues.nonNegativeInt(config, "dense");
            String engine = ConfigValues.choice(config, "engine", Engines.ALL);
            if (engine.equals(Engines.DL4J)) {
                return Dl4jModels.cnn(context, channels, dense);
            }
            return NativeModels.cnn(context, channels, dense);
        }
    }
}
