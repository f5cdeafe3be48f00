package io.deepbootstrap.api.model;

import io.deepbootstrap.api.InputShape;

/**
 * What the framework hands to an architecture: the data's shape, the seed and the optimizer it built
 * from the configuration. The architecture defines layers only.
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

    /** @return the optimizer the network must apply in {@link Network#fit} */
    OptimizerSpec optimizer();

    /** @return the largest batch {@link Network#fit} and {@link Network#predict} will be given */
    int maxBatchSize();
}
