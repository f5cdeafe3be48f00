package io.deepbootstrap.core.result;

import io.deepbootstrap.api.RunId;

/**
 * What a real-world run and its ideal-world partner have in common. One ideal run serves the real runs
 * of every train size with the same key.
 *
 * @param architecture the architecture label
 * @param seed the experiment seed
 * @param augmentation the augmentation label
 */
public record PairKey(String architecture, long seed, String augmentation) {

    /**
     * @param id a run of either world
     * @return the key pairing it with runs of the other world
     */
    public static PairKey of(RunId id) {
        return new PairKey(id.architecture(), id.seed(), id.augmentation());
    }

    @Override
    public String toString() {
        return "architecture " + architecture + ", seed " + seed + ", augmentation " + augmentation;
    }
}
