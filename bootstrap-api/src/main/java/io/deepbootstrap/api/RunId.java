package io.deepbootstrap.api;

/**
 * The identity of one training run within an experiment.
 *
 * @param architecture the architecture's label (its {@code name} key, else its type)
 * @param trainSize N for the real world; 0 for the ideal world, which does not depend on N (one ideal
 *     run serves the real runs of every N with the same architecture, seed and augmentation)
 * @param seed the experiment seed of this run
 * @param augmentation label of the augmentation setting ({@code none} when there is none)
 * @param world which world
 */
public record RunId(String architecture, int trainSize, long seed, String augmentation, World world) {

    /** @return a stable, file-name-safe label such as {@code cnn-n2000-s0-real} */
    public String label() {
        String aug = augmentation == null || augmentation.equals("none") ? "" : "-" + augmentation;
        String n = world == World.IDEAL ? "" : "-n" + trainSize;
        return architecture + aug + n + "-s" + seed + "-" + world.id();
    }

    @Override
    public String toString() {
        return label();
    }
}
