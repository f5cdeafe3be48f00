package io.deepbootstrap.toolkit.nn;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable parameter a {@link Layer} declares in {@link Layer#build}. The {@link Sequential} that owns the
 * layer allocates one flat parameter vector and one flat gradient vector for the whole network and binds
 * each parameter to views of them, so that an optimizer updates all parameters with one call.
 *
 * <p>Layers read {@link #value()} in their forward pass and write {@link #grad()} in their backward pass
 * (overwrite, not accumulate: every backward pass produces the full gradient of the batch).
 */
public final class Param {

    /** Fills a parameter's initial values. */
    @FunctionalInterface
    public interface Init {
        /**
         * @param values destination, C order of the parameter's shape
         * @param random the network's initialisation stream (consume it only through this argument)
         */
        void fill(double[] values, SplittableRandom random);

        /** @return all zeros */
        static Init zeros() {
            return (v, r) -> Arrays.fill(v, 0);
        }

        /** @return all ones */
        static Init ones() {
            return (v, r) -> Arrays.fill(v, 1);
        }

        /**
         * @param bound half-width
         * @return uniform in [-bound, bound)
         */
        static Init uniform(double bound) {
            return (v, r) -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (2 * r.nextDouble() - 1) * bound;
                }
            };
        }

        /**
         * PyTorch's default bound for linear and convolution weights.
         *
         * @param fanIn inputs per output unit (for a convolution: kernel height x width x input channels)
         * @return uniform in ±1/sqrt(fanIn)
         */
        static Init fanInUniform(long fanIn) {
            return uniform(1.0 / Math.sqrt(fanIn));
        }
    }

    private String name;
    private final long[] shape;
    private final Init init;
    private INDArray value;
    private INDArray grad;

    /**
     * @param name the parameter's name within its layer, e.g. {@code weight}
     * @param shape its shape
     * @param init how it is initialised
     */
    public Param(String name, long[] shape, Init init) {
        this.name = name;
        this.shape = shape.clone();
        this.init = init;
    }

    /** @return the name within the layer */
    public String name() {
        return name;
    }

    /** @return the shape */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of elements */
    public long length() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** @return the initialiser */
    public Init init() {
        return init;
    }

    /** @return the values: a view into the network's flat parameter vector (available after binding) */
    public INDArray value() {
        return value;
    }

    /** @return the gradient: a view into the network's flat gradient vector (available after binding) */
    public INDArray grad() {
        return grad;
    }

    /**
     * Prefixes the name; for composite layers (such as {@link Residual}) that re-export the parameters of
     * their inner layers. Call before the owning network binds the parameter.
     *
     * @param prefix prepended to the name
     */
    public void prefixName(String prefix) {
        if (value != null) {
            throw new IllegalStateException("parameter " + name + " is already bound");
        }
        name = prefix + name;
    }

    void bind(INDArray value, INDArray grad) {
        this.value = value;
        this.grad = grad;
    }
}
