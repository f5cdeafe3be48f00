package io.deepbootstrap.core.engine;

/**
 * The separate, seeded random streams of one run. Each purpose gets its own stream derived from the
 * run seed, so that, e.g., changing the augmentation does not change the test set or the initial weights.
 */
public final class RandomStreams {

    /** What a stream is used for. */
    public enum Purpose {
        /** Network weight initialisation (identical in both worlds). */
        WEIGHTS,
        /** Drawing the real world's train set S from a generator, or the pool permutation. */
        TRAIN_SAMPLE,
        /** The real world's epoch order. */
        ORDER,
        /** The ideal world's fresh examples. */
        FRESH,
        /** The test set. */
        TEST,
        /** Augmentation (the same stream in both worlds). */
        AUGMENTATION,
        /** Label noise of the training examples (both worlds). */
        LABEL_NOISE,
        /** Label noise of the test set. */
        TEST_LABEL_NOISE,
        /** Pretraining batches and its held-out set. */
        PRETRAINING
    }

    private RandomStreams() {
    }

    /**
     * @param seed the run seed
     * @param purpose the purpose
     * @return a 64-bit seed for that purpose, well mixed (SplitMix64 finaliser)
     */
    public static long seed(long seed, Purpose purpose) {
        return mix(seed * 0x9E3779B97F4A7C15L + (purpose.ordinal() + 1) * 0xBF58476D1CE4E5B9L);
    }

    /**
     * @param z any value
     * @return a well-mixed 64-bit hash of it (the SplitMix64 finaliser)
     */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @param seed the run seed
     * @param purpose the purpose
     * @return a fresh random stream for that purpose, at position 0 (the numbers of a {@code SplittableRandom}
     *     of the same seed)
     */
    public static SeekableRandom stream(long seed, Purpose purpose) {
        return new SeekableRandom(seed(seed, purpose));
    }
}
