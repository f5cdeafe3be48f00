package io.deepbootstrap.models;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.ArchitectureContext;

/**
 * A plain ArchitectureContext for tests.
 *
 * @param inputShape input shape
 * @param numClasses classes
 * @param weightSeed weight seed
 * @param maxBatchSize largest batch
 * @param nativeThreads native threads
 */
public record TestContext(InputShape inputShape, int numClasses, long weightSeed, int maxBatchSize,
                          int nativeThreads) implements ArchitectureContext {

    /** One native thread (the test JVMs run with OMP_NUM_THREADS=1). */
    public TestContext(InputShape inputShape, int numClasses, long weightSeed, int maxBatchSize) {
        this(inputShape, numClasses, weightSeed, maxBatchSize, 1);
    }
}
