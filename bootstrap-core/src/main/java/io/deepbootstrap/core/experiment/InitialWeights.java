package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.model.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a run's network starts: from its own fresh initialisation, from weights pretrained on another
 * distribution (all but the classifier head), or from a saved network. Both worlds of a grid cell use the
 * same initial weights.
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
     * @param pretrained parameter copies of a pretrained network, by name
     * @param description what the pretraining was
     * @return weights copied wherever name and shape match, except the target's head
     */
    static InitialWeights transfer(Map<String, INDArray> pretrained, String description) {
        return network -> {
            List<String> head = network.headParameters();
            int copied = 0;
            for (Map.Entry<String, INDArray> e : network.parameters().entrySet()) {
                INDArray source = pretrained.get(e.getKey());
                if (!head.contains(e.getKey()) && source != null
                        && java.util.Arrays.equals(source.shape(), e.getValue().shape())) {
                    e.getValue().assign(source);
                    copied++;
                }
            }
            return "pretrained(" + description + ", " + copied + " of " + network.parameters().size()
                    + " parameter arrays transferred, head " + head + " re-initialised)";
        };
    }

    /**
     * @param file a network saved by {@link Network#save}
     * @return the saved weights, loaded
     */
    static InitialWeights load(Path file) {
        return network -> {
            try {
                network.load(file);
            } catch (IOException e) {
                throw new UncheckedIOException("pretraining.init-from: " + e.getMessage(), e);
            }
            return "init-from(" + file + ")";
        };
    }
}
