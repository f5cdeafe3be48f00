package io.deepbootstrap.core.labeler;

import io.deepbootstrap.api.model.Network;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.result.AtomicFiles;
import io.deepbootstrap.core.state.NetworkState;
import io.deepbootstrap.core.state.StateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labeller's cache: a {@link StateFile} of kind {@code labeler} ({@code <name>.net}) with the sections
 * {@code parameters}, {@code buffers} and {@code labeler} (its measured {@code test-accuracy}), and a readable
 * {@code <name>.txt} beside it (the cache key and the description with the accuracy), each written atomically. The
 * {@code .net} is written last and alone makes the cache: a process stopped between the two writes leaves a lone
 * {@code .txt}, which counts for nothing (the labeller is trained again and both are rewritten); a {@code .net}
 * whose {@code .txt} is missing or stale (left by an earlier version, which wrote the {@code .net} first, or
 * deleted by hand) is used, and its {@code .txt} rewritten with a warning.
 */
final class LabelerCache {
    private static final Logger LOG = LoggerFactory.getLogger(LabelerCache.class);
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
     * Writes the readable companion, then the cache file (the commit), each atomically.
     *
     * @param file the cache file
     * @param state the classifier's parameters and buffers
     * @param accuracy its measured test accuracy
     * @param readable the text of {@link #readable(Path)}
     * @throws ConfigError naming the file if it cannot be written
     */
    static void save(Path file, NetworkState state, double accuracy, String readable) {
        Map<String, Map<String, INDArray>> sections = state.sections();
        sections.put(LABELER, Map.of(ACCURACY, Nd4j.create(new double[] {accuracy}, new long[] {1}, DataType.DOUBLE)));
        try {
            AtomicFiles.writeString(readable(file), readable);
            StateFile.write(file, KIND, sections);
        } catch (IOException e) {
            throw new ConfigError("labeler: cannot write the labeller cache " + file + " (" + e.getMessage()
                    + "); set experiment.cache-dir to a writable directory, or labeler.cache = false");
        }
    }

    /**
     * @param file the cache file ({@code <name>.net})
     * @return its readable companion, {@code <name>.txt}
     */
    static Path readable(Path file) {
        String name = file.getFileName().toString();
        return file.resolveSibling(name.substring(0, name.length() - ".net".length()) + ".txt");
    }

    /**
     * After a cache file was loaded: rewrites its readable companion if it is missing or says something else (a
     * warning; a failure to write it is only logged, the cache itself is sound).
     *
     * @param file the cache file
     * @param readable what its companion says
     */
    static void repairReadable(Path file, String readable) {
        Path txt = readable(file);
        try {
            if (Files.isRegularFile(txt) && Files.readString(txt).equals(readable)) {
                return;
            }
            LOG.warn("{} was {}: rewritten from the cached labeller {}", txt, Files.exists(txt) ? "stale" : "missing", file);
            AtomicFiles.writeString(txt, readable);
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("cannot rewrite {} ({}); the cached labeller {} is used all the same", txt, e.getMessage(), file);
        }
    }

    /**
     * Before a labeller is trained for a cache file that does not exist: says so if its readable companion is there
     * alone (an earlier process stopped between the two writes); the training then rewrites both.
     *
     * @param file the cache file, absent
     */
    static void noteLoneReadable(Path file) {
        Path txt = readable(file);
        if (Files.isRegularFile(txt)) {
            LOG.warn("{} has no labeller file {} beside it (an earlier process stopped between the two writes): training the "
                    + "labeller again", txt, file.getFileName());
        }
    }
}
