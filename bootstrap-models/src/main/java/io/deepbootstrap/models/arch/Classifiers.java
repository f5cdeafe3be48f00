package io.deepbootstrap.models.arch;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.toolkit.nn.Dense;
import io.deepbootstrap.toolkit.nn.Layer;
import io.deepbootstrap.toolkit.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The end every built-in architecture shares: a dense output layer of one unit per class after its body, and
 * the layer stack built for the context's input, weight seed and largest batch.
 */
final class Classifiers {
    private Classifiers() {
    }

    /**
     * @param ctx the framework's context
     * @param body the layers before the output layer, for images {@code height x width x channels} (NHWC)
     * @param dataType the parameters' type
     * @return the stack with its dense output layer
     */
    static Sequential overImages(ArchitectureContext ctx, List<Layer> body, DataType dataType) {
        InputShape s = ctx.inputShape();
        return withOutput(ctx, new long[] {s.height(), s.width(), s.channels()}, body, dataType);
    }

    /**
     * @param ctx the framework's context
     * @param body the layers before the output layer, for flat vectors of {@code inputShape().size()} features
     * @param dataType the parameters' type
     * @return the stack with its dense output layer
     */
    static Sequential overVectors(ArchitectureContext ctx, List<Layer> body, DataType dataType) {
        return withOutput(ctx, new long[] {ctx.inputShape().size()}, body, dataType);
    }

    private static Sequential withOutput(ArchitectureContext ctx, long[] input, List<Layer> body, DataType dataType) {
        return Sequential.of(input, withOutput(ctx, body), ctx.weightSeed(), ctx.maxBatchSize(), dataType);
    }

    /**
     * @param ctx the framework's context
     * @param body the layers before the output layer
     * @return the layers with the dense output layer appended (e.g. a replica for {@link Sequential#splitInference})
     */
    static List<Layer> withOutput(ArchitectureContext ctx, List<Layer> body) {
        List<Layer> layers = new ArrayList<>(body);
        layers.add(new Dense(ctx.numClasses()));
        return layers;
    }
}
