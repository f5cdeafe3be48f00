package io.deepbootstrap.models.arch;

import com.typesafe.config.Config;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.toolkit.nn.BatchNorm;
import io.deepbootstrap.toolkit.nn.Conv2d;
import io.deepbootstrap.toolkit.nn.Dense;
import io.deepbootstrap.toolkit.nn.GlobalMaxPool;
import io.deepbootstrap.toolkit.nn.Layer;
import io.deepbootstrap.toolkit.nn.NativeNetwork;
import io.deepbootstrap.toolkit.nn.Pool2d;
import io.deepbootstrap.toolkit.nn.Relu;
import io.deepbootstrap.toolkit.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The Deep Bootstrap authors' {@code mCNN} ({@code mcnn} in {@code common/models32.py} of
 * preetum/deep-bootstrap-code): four 3x3 same-padded convolutions with bias of {@code c, 2c, 4c, 8c} channels
 * ({@code c = width}, 64 in the paper), each followed by batch norm and ReLU; 2x2 max-pools after the second
 * and the third; a global max-pool over the remaining map (their {@code AdaptiveMaxPool2d(1)}) and a dense
 * output with bias. For the same width and input it has exactly the parameters of the PyTorch original
 * (width 64 on 32x32x3: 1,558,026, batch-norm running statistics not counted, as PyTorch does not).
 * {@code batch-norm = false} gives their {@code mcnn_nobn} (the norms become identities).
 *
 * <p>Differences from the original: weights are initialised by the toolkit's rules (its {@link Conv2d} and
 * {@link Dense}), not PyTorch's default initialisation, and the dense output's bias starts at zero.
 *
 * <p>Keys (defaults in {@code bootstrap.components.architecture.mcnn}): {@code width}, {@code batch-norm},
 * {@code batch-norm-momentum}, {@code batch-norm-epsilon}.
 */
public final class Mcnn {
    private Mcnn() {
    }

    /**
     * @param ctx the framework's context
     * @param width channels of the first convolution (c)
     * @param batchNorm whether a batch norm follows every convolution
     * @param epsilon batch-norm epsilon
     * @param momentum batch-norm momentum
     * @param dataType FLOAT normally, DOUBLE for checks
     * @return the network's layers, for NHWC input
     * @throws IllegalArgumentException if the image is smaller than 4x4 (the two max-pools need it)
     */
    public static Sequential layers(ArchitectureContext ctx, int width, boolean batchNorm, double epsilon,
                                    double momentum, DataType dataType) {
        InputShape s = ctx.inputShape();
        if (s.height() < 4 || s.width() < 4) {
            throw new IllegalArgumentException("mcnn needs images of at least 4x4 (two 2x2 max-pools), got "
                    + s.height() + "x" + s.width());
        }
        List<Layer> layers = new ArrayList<>();
        for (int stage = 0; stage < 4; stage++) {
            int channels = Math.multiplyExact(width, 1 << stage);
            layers.add(Conv2d.same(channels, 3));
            if (batchNorm) {
                layers.add(new BatchNorm(epsilon, momentum));
            }
            layers.add(new Relu());
            if (stage == 1 || stage == 2) {
                layers.add(Pool2d.max(2, 2));
            }
        }
        layers.add(new GlobalMaxPool());
        return Classifiers.overImages(ctx, layers, dataType);
    }

    /** Registered as {@code type = mcnn}. */
    public static final class Factory implements ArchitectureFactory {
        @Override
        public String name() {
            return "mcnn";
        }

        @Override
        public String description() {
            return "the Deep Bootstrap authors' mCNN: 4 convs (width x 1, 2, 4, 8) with batch norm, global max-pool";
        }

        @Override
        public Network create(Config config, ArchitectureContext context) {
            int width = ConfigValues.positiveInt(config, "width");
            boolean batchNorm = ConfigValues.bool(config, "batch-norm");
            double momentum = ConfigValues.fraction(config, "batch-norm-momentum");
            double epsilon = ConfigValues.positiveDouble(config, "batch-norm-epsilon");
            return new NativeNetwork(layers(context, width, batchNorm, epsilon, momentum, DataType.FLOAT), context);
        }
    }
}
