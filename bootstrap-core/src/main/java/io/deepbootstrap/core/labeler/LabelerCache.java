package io.deepbootstrap.core.labeler;

import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.result.AtomicFiles;
import io.deepbootstrap.core.state.NetworkState;
import io.deepbootstrap.core.state.StateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The labeller's cache file: a {@link StateFile} of kind {@code labeler} with the sections {@code parameters},
 * {@code buffers} and {@code labeler} (its measured {@code test-accuracy}), written atomically, and a readable
 * {@code .txt} beside it (the cache key and the description with the accuracy).
 */
final class LabelerCache {
    private static final String KIND = "labeler";
    private static final String LABELER = "labeler";
    private static final String ACCURACY = "test-accuracy";

    private LabelerCache() {
    }

    /**
     * Loads a cached classifier into a network of its architecture.
     *
     * @param file the cache file
     * @param network destination
     * @return the accuracy measured when it was trained
     * @throws ConfigError naming the file if it cannot be read or does not fit the network
     */
    static double load(Path file, Network network) {
        try {
            Map<String, Map<String, INDArray>> sections = StateFile.read(file, KIND);
            INDArray accuracy = sections.getOrDefault(LABELER, Map.of()).get(ACCURACY);
            if (accuracy == null || accuracy.length() != 1) {
                throw new IOException(file + ": no '" + ACCURACY + "' in section '" + LABELER + "'");
            }
            NetworkState.of(sections).installInto(network, file);
            return accuracy.getDouble(0);
        } catch (IOException e) {
            throw new ConfigError("labeler: cannot use the cached labeller " + e.getMessage()
                    + "; delete " + file + " to train the labeller again");
        }
    }

    /**
     * Copies a freshly trained classifier's state into the labelling network of the same architecture.
     *
     * @param state parameters and buffers of the trained network
     * @param network destination
     * @throws IllegalStateException if they do not fit (two networks of one block differ: a bug of the architecture)
     */
    static void installTrained(NetworkState state, Network network) {
        try {
            state.installInto(network, Path.of("trained labeller"));
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Writes the cache file and its readable companion, each atomically.
     *
     * @param file the cache file
     * @param state the classifier's parameters and buffers
     * @param accuracy its measured test accuracy
     * @param readable the text of {@code <file without .net>.txt}
     * @throws ConfigError naming the file if it cannot be written
     */
    static void save(Path file, NetworkState state, double accuracy, String readable) {
        Map<String, Map<String, INDArray>> sections = state.sections();
        sections.put(LABELER, Map.of(ACCURACY, Nd4j.create(new double[] {accuracy}, new long[] {1}, DataType.DOUBLE)));
        try {
            StateFile.write(file, KIND, sections);
            String name = file.getFileName().toString();
            AtomicFiles.writeString(file.resolveSibling(name.substring(0, name.length() - ".net".length()) + ".txt"), readable);
        } catch (IOException e) {
            throw new ConfigError("labeler: cannot write the labeller cache " + file + " (" + e.getMessage()
                    + "); set experiment.cache-dir to a writable directory, or labeler.cache = false");
        }
    }
}
