package io.deepbootstrap.api.model;

import io.deepbootstrap.api.InputShape;

/**
 * What the framework hands to an architecture: the data's shape, the number of classes, the seed, the largest
 * batch and the native thread count. The architecture defines layers only; the framework owns the optimizer.
 */
public interface ArchitectureContext {

    /** @return the shape of one input example (NHWC) */
    InputShape inputShape();

    /** @return the number of output classes */
    int numClasses();

    /**
     * @return the seed for weight initialisation; networks built with equal seeds and configuration
     *     must have identical initial weights
     */
    long weightSeed();

    /**
     * @return the largest batch {@link Network#computeGradients} and {@link Network#predict} will be given
     */
    int maxBatchSize();

    /**
     * The number of native threads (libnd4j, OpenMP, BLAS) the network must use for its computations, already
     * resolved by the framework from {@code training.threads}, the architecture's {@code threads} key and the
     * number of runs training at once. Apply it inside {@link Network#computeGradients} and
     * {@link Network#predict} (the toolkit's networks do; see {@code Nd4jRuntime.useThreads}).
     *
     * @return at least 1
     */
    int nativeThreads();
}
