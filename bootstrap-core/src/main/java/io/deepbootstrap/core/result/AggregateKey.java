package io.deepbootstrap.core.result;

import io.deepbootstrap.api.RunId;

/**
 * What the seeds aggregated together have in common.
 *
 * @param architecture the architecture label
 * @param trainSize N of the real world
 * @param augmentation the augmentation label
 */
public record AggregateKey(String architecture, int trainSize, String augmentation) {

    /**
     * @param id a real-world run
     * @return its key
     */
    public static AggregateKey of(RunId id) {
        return new AggregateKey(id.architecture(), id.trainSize(), id.augmentation());
    }
}
