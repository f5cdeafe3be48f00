package io.deepbootstrap.toolkit.nn;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer of the native toolkit. Activations are NHWC ({@code [n, h, w, c]}) for images and
 * {@code [n, features]} for vectors; the first dimension is always the batch.
 *
 * <p>Life cycle, driven by {@link Sequential}: {@link #build} once with the per-example input shape;
 * the network then binds the declared {@link #params()} to views of its flat vectors and calls
 * {@link #allocate} once with the largest batch size; after that, {@link #forward} and {@link #backward}
 * run every step on batches of any size up to that maximum, writing into buffers the layer allocated
 * once (a layer returns views of the first {@code n} rows of its buffers). A layer must not allocate
 * per step in its own code.
 *
 * <p>{@link #backward} must be called after the {@link #forward} (with {@code training = true}) of the same
 * batch, and may use what that forward pass left in the layer's buffers and in its input array.
 */
public interface Layer {

    /**
     * Configures the layer.
     *
     * @param inputShape the shape of one input example (without the batch dimension)
     * @return the shape of one output example
     * @throws IllegalArgumentException if the layer cannot take this input (the message says why)
     */
    long[] build(long[] inputShape);

    /** @return a short type name used in parameter names, e.g. {@code conv2d} */
    String name();

    /** @return the trainable parameters declared by {@link #build}, in a stable order */
    default List<Param> params() {
        return List.of();
    }

    /**
     * @return non-trainable state saved with the network (e.g. batch-norm running statistics), allocated
     *     by {@link #allocate}
     */
    default Map<String, INDArray> state() {
        return Map.of();
    }

    /**
     * Allocates the layer's buffers.
     *
     * @param maxBatch the largest batch size
     * @param dataType the floating-point type of activations and parameters
     */
    void allocate(int maxBatch, DataType dataType);

    /**
     * @param input {@code [n, ...inputShape]}
     * @param training whether this is a training step (batch statistics, remember what backward needs)
     * @return {@code [n, ...outputShape]}, owned by the layer (valid until its next forward)
     */
    INDArray forward(INDArray input, boolean training);

    /**
     * Writes the parameters' gradients into {@link Param#grad()} and computes the gradient with respect to
     * the input.
     *
     * @param gradOutput gradient of the loss with respect to this layer's output; the layer may overwrite it
     * @param inputGradNeeded false for the first layer: the input gradient may then be skipped
     * @return gradient with respect to the input of the last forward pass ({@code null} allowed if not needed)
     */
    INDArray backward(INDArray gradOutput, boolean inputGradNeeded);

    /** Releases the layer's native buffers. */
    default void close() {
    }
}
