package io.deepbootstrap.models.arch;

import com.typesafe.config.Config;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValues;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.ArchitectureFactory;
import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.toolkit.nn.BatchNorm;
import io.deepbootstrap.toolkit.nn.Conv2d;
import io.deepbootstrap.toolkit.nn.GlobalAvgPool;
import io.deepbootstrap.toolkit.nn.Layer;
import io.deepbootstrap.toolkit.nn.NativeNetwork;
import io.deepbootstrap.toolkit.nn.Relu;
import io.deepbootstrap.toolkit.nn.Residual;
import io.deepbootstrap.toolkit.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A small pre-activation ResNet (He et al. 2016, "Identity mappings"), native toolkit only: a 3x3 stem
 * convolution, then per stage {@code blocks-per-stage} blocks of (BN, ReLU, 3x3 conv, BN, ReLU, 3x3 conv) with
 * identity shortcuts (the first block of every stage after the first halves the resolution, with a strided
 * 1x1 convolution as shortcut), then BN, ReLU, global average pooling and a dense softmax output.
 *
 * <p>Keys (defaults in {@code bootstrap.components.architecture.preact-resnet}): {@code widths} (channels per
 * stage), {@code blocks-per-stage}.
 */
public final class PreactResnet {
    private PreactResnet() {
    }

    /**
     * @param ctx the framework's context
     * @param widths channels per stage
     * @param blocks blocks per stage
     * @param dataType FLOAT normally, DOUBLE for checks
     * @return the layers
     */
    public static Sequential layers(ArchitectureContext ctx, int[] widths, int blocks, DataType dataType) {
        InputShape s = ctx.inputShape();
        List<Layer> layers = new ArrayList<>();
        layers.add(new Conv2d(widths[0], 3, 1, true, false));
        long h = s.height();
        long w = s.width();
        for (int stage = 0; stage < widths.length; stage++) {
            for (int b = 0; b < blocks; b++) {
                boolean down = stage > 0 && b == 0 && h >= 2 && w >= 2;
                boolean project = stage > 0 && b == 0;
                int stride = down ? 2 : 1;
                List<Layer> branch = List.of(new BatchNorm(), new Relu(), new Conv2d(widths[stage], 3, stride, true, false),
                        new BatchNorm(), new Relu(), new Conv2d(widths[stage], 3, 1, true, false));
                List<Layer> shortcut = project ? List.of(new Conv2d(widths[stage], 1, stride, true, false)) : List.of();
                layers.add(new Residual(branch, shortcut));
                if (down) {
                    h = (h + 1) / 2;
                    w = (w + 1) / 2;
                }
            }
        }
        layers.add(new BatchNorm());
        layers.add(new Relu());
        layers.add(new GlobalAvgPool());
        return Classifiers.overImages(ctx, layers, dataType);
    }

    /** Registered as {@code type = preact-resnet}. */
    public static final class Factory implements ArchitectureFactory {
        @Override
        public String name() {
            return "preact-resnet";
        }

        @Override
        public String description() {
            return "small pre-activation ResNet with batch norm (native toolkit)";
        }

        @Override
        public Network create(Config config, ArchitectureContext context) {
            int[] widths = ConfigValues.positiveInts(config, "widths", false);
            int blocks = ConfigValues.positiveInt(config, "blocks-per-stage");
            return new NativeNetwork(layers(context, widths, blocks, DataType.FLOAT), context);
        }
    }
}
