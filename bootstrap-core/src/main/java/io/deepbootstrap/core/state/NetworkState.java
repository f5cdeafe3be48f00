package io.deepbootstrap.core.state;

import io.deepbootstrap.api.model.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's model state as the framework saves and transfers it: its trainable parameters (by the names of its
 * parameter views) and its buffers (batch-norm running statistics). Networks never serialise themselves.
 *
 * @param parameters parameter arrays by name, shaped as the views
 * @param buffers buffer arrays by name
 */
public record NetworkState(Map<String, INDArray> parameters, Map<String, INDArray> buffers) {
    /** The {@link StateFile} kind of saved networks. */
    public static final String KIND = "network";
    private static final String PARAMETERS = "parameters";
    private static final String BUFFERS = "buffers";

    /**
     * @param network a network
     * @return detached copies of its parameters and buffers
     */
    public static NetworkState copyOf(Network network) {
        return new NetworkState(copies(network.parameters().valueViews()), copies(network.buffers()));
    }

    private static Map<String, INDArray> copies(Map<String, INDArray> arrays) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        arrays.forEach((name, a) -> out.put(name, a.dup()));
        return out;
    }

    /**
     * Saves a network's parameters and buffers atomically.
     *
     * @param network the network
     * @param file destination
     * @throws IOException if it cannot be written
     */
    public static void save(Network network, Path file) throws IOException {
        StateFile.write(file, KIND, new NetworkState(network.parameters().valueViews(), network.buffers()).sections());
    }

    /**
     * @return the {@link StateFile} sections {@code parameters} and {@code buffers} (a file of another kind may
     *     add its own sections beside them)
     */
    public Map<String, Map<String, INDArray>> sections() {
        Map<String, Map<String, INDArray>> sections = new LinkedHashMap<>();
        sections.put(PARAMETERS, parameters);
        sections.put(BUFFERS, buffers);
        return sections;
    }

    /**
     * @param sections sections read from a {@link StateFile}
     * @return the network state in them (empty maps for missing sections)
     */
    public static NetworkState of(Map<String, Map<String, INDArray>> sections) {
        return new NetworkState(sections.getOrDefault(PARAMETERS, Map.of()), sections.getOrDefault(BUFFERS, Map.of()));
    }

    /**
     * Copies this state into a network of the same architecture and shape: every parameter and buffer must match
     * by name and shape.
     *
     * @param network destination
     * @param origin where the state comes from, for messages
     * @throws IOException naming the origin and the first difference
     */
    public void installInto(Network network, Path origin) throws IOException {
        StateFile.copyInto(origin, PARAMETERS, parameters, network.parameters().valueViews());
        StateFile.copyInto(origin, BUFFERS, buffers, network.buffers());
    }

    /**
     * Loads a saved network into one of the same architecture and shape: every parameter and buffer must match by
     * name and shape.
     *
     * @param network destination
     * @param file a file written by {@link #save}
     * @throws IOException if it cannot be read or does not match (the message names the file and the difference)
     */
    public static void load(Network network, Path file) throws IOException {
        read(file).installInto(network, file);
    }

    /**
     * @param file a file written by {@link #save}
     * @return its arrays
     * @throws IOException if it cannot be read (the message names the file)
     */
    public static NetworkState read(Path file) throws IOException {
        return of(StateFile.read(file, KIND));
    }

    /**
     * Copies this state into a network wherever name and shape match, except the given parameters (a classifier
     * head that keeps its fresh values); buffers travel with the parameters.
     *
     * @param network destination
     * @param exceptParameters parameter names not to copy
     * @return how many parameter arrays and buffer arrays were copied
     */
    public Transferred transferTo(Network network, List<String> exceptParameters) {
        int params = copyMatching(parameters, network.parameters().valueViews(), exceptParameters);
        int bufs = copyMatching(buffers, network.buffers(), List.of());
        return new Transferred(params, network.parameters().views().size(), bufs, network.buffers().size());
    }

    private static int copyMatching(Map<String, INDArray> from, Map<String, INDArray> into, List<String> except) {
        int copied = 0;
        for (Map.Entry<String, INDArray> e : into.entrySet()) {
            INDArray source = from.get(e.getKey());
            if (!except.contains(e.getKey()) && source != null && Arrays.equals(source.shape(), e.getValue().shape())) {
                e.getValue().assign(source.castTo(e.getValue().dataType()));
                copied++;
            }
        }
        return copied;
    }

    /**
     * @param parameters parameter arrays copied
     * @param parameterArrays parameter arrays the destination has
     * @param buffers buffer arrays copied
     * @param bufferArrays buffer arrays the destination has
     */
    public record Transferred(int parameters, int parameterArrays, int buffers, int bufferArrays) {
    }
}
