package io.deepbootstrap.api.model;

import io.deepbootstrap.api.Batch;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A classifier as the engine sees it: it computes a loss and its gradients, and predicts. The framework owns
 * everything else, the same way in both worlds: the optimizer (built from {@code training.optimizer}, it
 * updates {@link #parameters()} after each {@link #computeGradients} with the step's learning rate), weight
 * decay, the schedule, saving and loading (parameters and {@link #buffers()}), and the transfer of
 * pretrained weights.
 *
 * <p>A network is used by one thread at a time. It runs its native computations with
 * {@link ArchitectureContext#nativeThreads()} threads. Implementations: the toolkit's {@code NativeNetwork}
 * (layers of the native toolkit) and {@code Dl4jNetwork} (adapts a DL4J network), or your own, e.g. with
 * {@link Parameters#builder} for the flat vectors.
 */
public interface Network extends AutoCloseable {

    /**
     * One training forward and backward pass on the first {@code batch.size()} examples: forward in training
     * mode (batch statistics are used and running statistics in {@link #buffers()} are updated), the mean
     * cross-entropy between the softmax output and {@code batch.targets()}, and its gradient with respect to
     * every trainable parameter, written into {@link Parameters#gradients()} (overwritten, not accumulated).
     * Parameters are not changed: the framework's optimizer does that next.
     *
     * @param batch the minibatch (features and targets); its size is at most
     *     {@link ArchitectureContext#maxBatchSize()}
     * @return the mean loss over the batch, computed before any update; NaN or infinite if training diverged
     */
    double computeGradients(Batch batch);

    /**
     * How many examples of the last {@link #computeGradients} batch its training-mode forward pass (before the
     * update) classified right: the arg-max of the output equals {@code batch.labels()[i]}. Lets the engine track the
     * running train error of the real world at no extra forward pass.
     *
     * @return the count, 0..batch size; -1 if the network does not report it (the default; the engine then predicts
     *     the examples itself when it needs to)
     */
    default int lastBatchCorrect() {
        return -1;
    }

    /**
     * Computes class probabilities (softmax outputs) in inference mode (running statistics, no update), without
     * changing any state.
     *
     * @param batch the inputs (only features are read)
     * @param probabilities destination, {@code batch.size() * numClasses} floats, example-major
     */
    void predict(Batch batch, float[] probabilities);

    /**
     * The trainable parameters: one flat value vector, one flat gradient vector of the same layout, and the
     * named views into them. Always the same instance; its arrays are live (writing into them changes the
     * network).
     *
     * @return the parameters
     */
    Parameters parameters();

    /**
     * Non-trainable state that is part of the model, such as batch-norm running means and variances: updated by
     * {@link #computeGradients}, used by {@link #predict}, saved and transferred with the parameters, never
     * touched by the optimizer.
     *
     * @return live arrays by name, in a stable order (writing into them changes the network); the default is
     *     none
     */
    default Map<String, INDArray> buffers() {
        return Map.of();
    }

    /**
     * The names of the classifier head's parameters: the ones that are not transferred when a network
     * pretrained on another distribution initialises this one (they keep this network's fresh values).
     *
     * @return head parameter names, a subset of the names of {@link Parameters#views()}; the default is the last
     *     two (the weights and bias of a final dense layer)
     */
    default List<String> headParameters() {
        List<Parameters.View> views = parameters().views();
        return views.subList(Math.max(0, views.size() - 2), views.size()).stream().map(Parameters.View::name).toList();
    }

    /** @return the number of trainable parameters; the default is {@code parameters().length()} */
    default long parameterCount() {
        return parameters().length();
    }

    /** Releases native memory; the network must not be used afterwards. The default does nothing. */
    @Override
    default void close() {
    }
}
