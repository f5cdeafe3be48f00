package io.deepbootstrap.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SeekableRandomTest {

    /** Every draw method a generator or augmentation may call, in a fixed interleaving. */
    private static List<Object> draws(RandomGenerator r, int count) {
        List<Function<RandomGenerator, Object>> methods = List.of(RandomGenerator::nextInt, g -> g.nextInt(7),
                g -> g.nextInt(1 << 20), g -> g.nextInt(-5, 1000), RandomGenerator::nextLong, g -> g.nextLong(1L << 40),
                RandomGenerator::nextDouble, g -> g.nextDouble(2.5), RandomGenerator::nextFloat,
                RandomGenerator::nextGaussian, RandomGenerator::nextBoolean, RandomGenerator::nextExponential,
                g -> g.nextGaussian(1, 3));
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(methods.get(i % methods.size()).apply(r));
        }
        return out;
    }

    @Test
    void givesTheNumbersOfSplittableRandomForEveryMethod() {
        for (long seed : new long[] {0, 1, -7, 0x9E3779B97F4A7C15L}) {
            assertThat(draws(new SeekableRandom(seed), 5000)).isEqualTo(draws(new SplittableRandom(seed), 5000));
        }
    }

    @Test
    void seekingToASavedPositionContinuesExactly() {
        SeekableRandom r = new SeekableRandom(42);
        draws(r, 777);
        long saved = r.position();
        List<Object> expected = draws(r, 500);

        SeekableRandom resumed = new SeekableRandom(42);
        resumed.seek(saved);
        assertThat(draws(resumed, 500)).isEqualTo(expected);
        assertThat(resumed.position()).isEqualTo(r.position());
    }

    @Test
    void positionCountsDrawsAndSeekingBackReplays() {
        SeekableRandom r = new SeekableRandom(3);
        assertThat(r.position()).isZero();
        long first = r.nextLong();
        r.nextInt();
        assertThat(r.position()).isEqualTo(2);
        r.seek(0);
        assertThat(r.nextLong()).isEqualTo(first);
    }

    @Test
    void streamsOfTheEngineAreSeekable() {
        RandomGenerator s = RandomStreams.stream(5, RandomStreams.Purpose.FRESH);
        assertThat(s).isInstanceOf(SeekableRandom.class);
        assertThat(draws(s, 100)).isEqualTo(draws(new SplittableRandom(RandomStreams.seed(5, RandomStreams.Purpose.FRESH)), 100));
    }
}
