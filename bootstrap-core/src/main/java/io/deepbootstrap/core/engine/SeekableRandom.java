package io.deepbootstrap.core.engine;

import java.util.random.RandomGenerator;

/**
 * A random stream whose state is its seed and a position, so that it can be saved and restored exactly: the
 * SplitMix64 sequence of {@link java.util.SplittableRandom} (same seed, same numbers, for every method of
 * {@link RandomGenerator}), where the n-th draw is a function of the seed and n alone. Every method draws
 * through {@link #nextLong()} or {@link #nextInt()}, each of which advances the position by one; {@link #seek}
 * jumps to any position in constant time. A checkpoint saves {@link #position()}; resuming seeks to it.
 *
 * <p>Not thread-safe: one stream belongs to one consumer (a batch source, an augmentation pipeline).
 */
public final class SeekableRandom implements RandomGenerator {
    /** SplittableRandom's default gamma (an odd number: the golden ratio in 64-bit fixed point). */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private final long seed;
    private long position;

    /** @param seed the stream's seed, as given to {@code new SplittableRandom(seed)} */
    public SeekableRandom(long seed) {
        this.seed = seed;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return how many 64- or 32-bit draws were taken since the seed (the state to save) */
    public long position() {
        return position;
    }

    /**
     * Moves to a position: the next draw is the one a fresh stream of the same seed gives after
     * {@code position} draws.
     *
     * @param position a value of {@link #position()}, >= 0
     */
    public void seek(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("stream position must be >= 0, got " + position);
        }
        this.position = position;
    }

    private long nextState() {
        return seed + ++position * GAMMA;
    }

    @Override
    public long nextLong() {
        long z = nextState();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public int nextInt() {
        long z = nextState();
        z = (z ^ (z >>> 33)) * 0x62A9D9ED799705F5L;
        return (int) (((z ^ (z >>> 28)) * 0xCB24D0A5C88C35B3L) >>> 32);
    }
}
