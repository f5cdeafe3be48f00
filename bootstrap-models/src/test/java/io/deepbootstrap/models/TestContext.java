package io.deepbootstrap.models;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.OptimizerSpec;

/** A plain ArchitectureContext for tests (bootstrap-core is not a dependency of this module). */
public record TestContext(InputShape inputShape, int numClasses, long weightSeed, OptimizerSpec optimizer,
                          int maxBatchSize) implements ArchitectureContext {
}
