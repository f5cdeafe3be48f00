package io.deepbootstrap.core.engine.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The complete state of an {@link Optimizer}, as exported for a checkpoint.
 *
 * @param kind which optimizer wrote it, e.g. {@code sgd-momentum} or {@code adam}; checked on restore
 * @param steps steps taken
 * @param arrays its state vectors by name (e.g. {@code momentum}, or Adam's {@code exp-avg} and
 *     {@code exp-avg-sq}), each the length of the parameter vector; copies owned by this record
 */
public record OptimizerState(String kind, long steps, Map<String, INDArray> arrays) {

    /** Copies the map (the arrays are taken as they are: callers pass copies). */
    public OptimizerState {
        Objects.requireNonNull(kind, "kind");
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }
}
