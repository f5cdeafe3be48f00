package io.deepbootstrap.models.arch;

import io.deepbootstrap.api.model.ArchitectureContext;
import io.deepbootstrap.api.model.Network;

/** Builds the built-in architectures from the native layer toolkit. */
final class NativeModels {
    private NativeModels() {
    }

    static Network mlp(ArchitectureContext ctx, int[] hidden, String activation) {
        throw new UnsupportedOperationException("engine = native is not implemented yet; use engine = dl4j");
    }

    static Network cnn(ArchitectureContext ctx, int[] channels, int dense) {
        throw new UnsupportedOperationException("engine = native is not implemented yet; use engine = dl4j");
    }
}
