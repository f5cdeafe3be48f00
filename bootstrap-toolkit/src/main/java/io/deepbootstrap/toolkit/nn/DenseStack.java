package io.deepbootstrap.toolkit.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The inference pass of a float32 stack of {@link Dense} and {@link Relu} layers over vectors (an MLP) through oneDNN:
 * each dense layer is one inner product primitive with its weights kept packed in oneDNN's blocked layout and the
 * bias and the ReLU after it as the primitive's epilogue ({@link Dense#inference}); the ReLU layer is skipped. The
 * layer-by-layer pass instead packs the weights inside every {@code sgemm} call, writes the bias before it and runs
 * the ReLU as a pass of its own.
 *
 * <p>The packed weights are valid while the caller's {@code version} is unchanged ({@link NativeNetwork} changes it
 * whenever its parameters may have been written).
 */
final class DenseStack {
    private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty("bootstrap.mlp.dnnl"));

    private final Layer[] layers;
    private long passes;

    private DenseStack(List<Layer> layers) {
        this.layers = layers.toArray(new Layer[0]);
    }

    /** @return whether the pass may be used ({@code -Dbootstrap.mlp.dnnl=false}: no) */
    static boolean enabled() {
        return enabled;
    }

    /**
     * For tests: switches the pass on or off.
     *
     * @param on whether it may be used
     * @return the previous setting
     */
    static boolean enable(boolean on) {
        boolean was = enabled;
        enabled = on;
        return was;
    }

    /**
     * @param net the network
     * @return the pass for {@code net}, or null when it is not a stack of dense and ReLU layers over vectors whose
     *     dense layers can run on oneDNN
     */
    static DenseStack of(Sequential net) {
        List<Layer> layers = net.layers();
        if (net.inputShape().length != 1 || layers.isEmpty()) {
            return null;
        }
        for (Layer l : layers) {
            if (!(l instanceof Dense d && d.dnnlInference()) && !(l instanceof Relu)) {
                return null;
            }
        }
        return new DenseStack(layers);
    }

    /**
     * @param x {@code [n, features]}
     * @param version the parameters' version (see {@link Dense#inference})
     * @return the last layer's output {@code [n, out]}
     */
    INDArray forward(INDArray x, long version) {
        passes++;
        INDArray a = x;
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] instanceof Dense d) {
                boolean relu = i + 1 < layers.length && layers[i + 1] instanceof Relu;
                a = d.inference(a, relu, version);
                i += relu ? 1 : 0;
            } else {
                a = layers[i].forward(a, false);
            }
        }
        return a;
    }

    /** @return the number of {@link #forward} calls so far (for tests) */
    long passes() {
        return passes;
    }
}
