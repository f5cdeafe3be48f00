package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.core.state.NetworkState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How a run's network starts: from its own fresh initialisation, from weights pretrained on another
 * distribution (all but the classifier head, with the batch-norm running statistics), or from a saved network.
 * Both worlds of a grid cell use the same initial weights.
 */
interface InitialWeights {

    /**
     * @param network a freshly created network (weights from the run's weight seed)
     * @return a description for the results
     */
    String applyTo(Network network);

    /** Fresh initialisation from the weight seed. */
    static InitialWeights scratch(long weightSeed) {
        return network -> "scratch(weight-seed=" + Long.toHexString(weightSeed) + ")";
    }

    /**
     * @param pretrained parameters and buffers of a pretrained network
     * @param description what the pretraining was
     * @return parameters and buffers copied wherever name and shape match, except the target's head
     */
    static InitialWeights transfer(NetworkState pretrained, String description) {
        return network -> {
            List<String> head = network.headParameters();
            NetworkState.Transferred t = pretrained.transferTo(network, head);
            return "pretrained(" + description + ", " + t.parameters() + " of " + t.parameterArrays()
                    + " parameter arrays and " + t.buffers() + " of " + t.bufferArrays()
                    + " buffers transferred, head " + head + " re-initialised)";
        };
    }

    /**
     * @param file a network saved by {@link NetworkState#save}
     * @return the saved parameters and buffers, loaded
     */
    static InitialWeights load(Path file) {
        return network -> {
            try {
                NetworkState.load(network, file);
            } catch (IOException e) {
                throw new UncheckedIOException("pretraining.init-from: " + e.getMessage(), e);
            }
            return "init-from(" + file + ")";
        };
    }
}
