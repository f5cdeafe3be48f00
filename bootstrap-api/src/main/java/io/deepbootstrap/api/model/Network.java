package io.deepbootstrap.api.model;

import io.deepbootstrap.api.Batch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable classifier, as the engine sees it. The engine does not know how a network is implemented
 * (native layer toolkit, DL4J, anything else): it only calls these methods, the same way in both worlds.
 * The optimizer (from {@link ArchitectureContext#optimizer()}) is part of the network; the learning
 * rate of each step comes from the framework's schedule.
 */
public interface Network extends AutoCloseable {

    /**
     * Runs one optimizer step on the first {@code batch.size()} examples, minimising mean cross-entropy
     * between the softmax output and {@code batch.targets()}.
     *
     * @param batch the minibatch (features and targets)
     * @param learningRate the learning rate for this step, from the framework's schedule
     * @return the mean training loss on this batch, computed in the forward pass before the update
     *     (NaN or infinite if training diverged)
     */
    double fit(Batch batch, double learningRate);

    /**
     * Computes class probabilities (softmax outputs) without changing any state.
     *
     * @param batch the inputs (only features are read)
     * @param probabilities destination, {@code batch.size() * numClasses} floats, example-major
     */
    void predict(Batch batch, float[] probabilities);

    /** @return the number of trainable parameters */
    long parameterCount();

    /**
     * The trainable parameters by name, in a stable order. The arrays are live views: writing into them
     * changes the network (used to copy pretrained weights and to check that two networks are equal).
     *
     * @return parameter name to array
     */
    Map<String, INDArray> parameters();

    /**
     * The names of the classifier head's parameters: the ones that are not transferred when a network
     * pretrained on another distribution initialises this one (they keep this network's fresh values).
     *
     * @return head parameter names; the default is the last two entries of {@link #parameters()} (the
     *     weights and bias of a final dense layer)
     */
    default java.util.List<String> headParameters() {
        java.util.List<String> names = new java.util.ArrayList<>(parameters().keySet());
        return java.util.List.copyOf(names.subList(Math.max(0, names.size() - 2), names.size()));
    }

    /**
     * Writes the parameters (and any non-trainable state such as batch-norm running statistics) to a file.
     *
     * @param file destination; written atomically
     * @throws IOException if it cannot be written
     */
    void save(Path file) throws IOException;

    /**
     * Reads parameters written by {@link #save} of a network of the same architecture and shape.
     *
     * @param file source
     * @throws IOException if it cannot be read or does not match this network (the message names the file)
     */
    void load(Path file) throws IOException;

    /** Releases native memory; the network must not be used afterwards. */
    @Override
    default void close() {
    }
}
