package io.deepbootstrap.api;

import java.util.Objects;

/**
 * The identity of one training run within an experiment.
 *
 * @param architecture the architecture's label (its {@code name} key, else its type)
 * @param trainSize N for the real world; 0 for the ideal world, which does not depend on N (one ideal
 *     run serves the real runs of every N with the same architecture, seed and augmentation), and for pretraining
 * @param seed the experiment seed of this run
 * @param augmentation label of the augmentation setting ({@code none} when there is none)
 * @param world which world ({@link World#IDEAL} for pretraining, which never reuses a fixed train set)
 * @param phase whether this is one of the experiment's runs or the pretraining of its initial weights
 */
public record RunId(String architecture, int trainSize, long seed, String augmentation, World world, RunPhase phase) {

    /** Checks that the world and phase are given. */
    public RunId {
        Objects.requireNonNull(world, "world");
        Objects.requireNonNull(phase, "phase");
    }

    /**
     * A run of the experiment itself ({@link RunPhase#TRAINING}).
     *
     * @param architecture the architecture's label
     * @param trainSize N, or 0 for the ideal world
     * @param seed the experiment seed
     * @param augmentation the augmentation label
     * @param world which world
     */
    public RunId(String architecture, int trainSize, long seed, String augmentation, World world) {
        this(architecture, trainSize, seed, augmentation, world, RunPhase.TRAINING);
    }

    /**
     * The pretraining run of an architecture and seed.
     *
     * @param architecture the architecture's label
     * @param seed the experiment seed
     * @return its run id ({@link RunPhase#PRETRAINING}, no augmentation, fresh examples)
     */
    public static RunId pretraining(String architecture, long seed) {
        return new RunId(architecture, 0, seed, "none", World.IDEAL, RunPhase.PRETRAINING);
    }

    /** @return whether this is a pretraining run */
    public boolean isPretraining() {
        return phase == RunPhase.PRETRAINING;
    }

    /**
     * @return a stable, file-name-safe label such as {@code cnn-n2000-s0-real}, or {@code cnn-pretrain-s0} for
     *     pretraining
     */
    public String label() {
        if (isPretraining()) {
            return architecture + "-pretrain-s" + seed;
        }
        String aug = augmentation == null || augmentation.equals("none") ? "" : "-" + augmentation;
        String n = world == World.IDEAL ? "" : "-n" + trainSize;
        return architecture + aug + n + "-s" + seed + "-" + world.id();
    }

    @Override
    public String toString() {
        return label();
    }
}
