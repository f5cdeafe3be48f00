package io.deepbootstrap.models.arch;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.toolkit.nn.BatchNorm;
import io.deepbootstrap.toolkit.nn.Conv2d;
import io.deepbootstrap.toolkit.nn.Dense;
import io.deepbootstrap.toolkit.nn.Flatten;
import io.deepbootstrap.toolkit.nn.Gelu;
import io.deepbootstrap.toolkit.nn.Layer;
import io.deepbootstrap.toolkit.nn.NativeNetwork;
import io.deepbootstrap.toolkit.nn.Pool2d;
import io.deepbootstrap.toolkit.nn.Relu;
import io.deepbootstrap.toolkit.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/** Builds the built-in architectures from the native layer toolkit. */
public final class NativeModels {
    private NativeModels() {
    }

    /**
     * @param ctx the framework's context
     * @param hidden hidden widths
     * @param activation relu or gelu
     * @param dataType FLOAT normally, DOUBLE for checks
     * @return the MLP's layers, for input shape {@code {h*w*c}}
     */
    public static Sequential mlpLayers(ArchitectureContext ctx, int[] hidden, String activation, DataType dataType) {
        return mlpLayers(ctx, hidden, activation, false, 0, 0, dataType);
    }

    /**
     * The MLP, optionally with a batch norm between every hidden dense layer and its activation, as the
     * Deep Bootstrap authors' {@code mlp} ({@code Linear -> BatchNorm1d -> ReLU}).
     *
     * @param ctx the framework's context
     * @param hidden hidden widths
     * @param activation relu or gelu
     * @param batchNorm whether a batch norm follows every hidden dense layer
     * @param epsilon batch-norm epsilon (ignored without batch norm)
     * @param momentum batch-norm momentum (ignored without batch norm)
     * @param dataType FLOAT normally, DOUBLE for checks
     * @return the MLP's layers, for input shape {@code {h*w*c}}
     */
    public static Sequential mlpLayers(ArchitectureContext ctx, int[] hidden, String activation, boolean batchNorm,
                                       double epsilon, double momentum, DataType dataType) {
        List<Layer> layers = new ArrayList<>();
        for (int h : hidden) {
            layers.add(new Dense(h));
            if (batchNorm) {
                layers.add(new BatchNorm(epsilon, momentum));
            }
            layers.add(activation.equals("gelu") ? new Gelu() : new Relu());
        }
        return Classifiers.overVectors(ctx, layers, dataType);
    }

    /**
     * @param ctx the framework's context
     * @param channels conv stage widths
     * @param dense dense width (0 for none)
     * @param dataType FLOAT normally, DOUBLE for checks
     * @return the CNN's layers, for NHWC input
     */
    public static Sequential cnnLayers(ArchitectureContext ctx, int[] channels, int dense, DataType dataType) {
        InputShape s = ctx.inputShape();
        List<Layer> layers = new ArrayList<>();
        int h = s.height();
        int w = s.width();
        for (int c : channels) {
            layers.add(Conv2d.same(c, 3));
            layers.add(new Relu());
            if (h >= 2 && w >= 2) {
                layers.add(Pool2d.max(2, 2));
                h /= 2;
                w /= 2;
            }
        }
        layers.add(new Flatten());
        if (dense > 0) {
            layers.add(new Dense(dense));
            layers.add(new Relu());
        }
        return Classifiers.overImages(ctx, layers, dataType);
    }

    static NativeNetwork mlp(ArchitectureContext ctx, int[] hidden, String activation) {
        return new NativeNetwork(mlpLayers(ctx, hidden, activation, DataType.FLOAT), ctx);
    }

    static NativeNetwork cnn(ArchitectureContext ctx, int[] channels, int dense) {
        return new NativeNetwork(cnnLayers(ctx, channels, dense, DataType.FLOAT), ctx);
    }
}
