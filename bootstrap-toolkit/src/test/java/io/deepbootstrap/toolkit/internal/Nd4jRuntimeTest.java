package io.deepbootstrap.toolkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jRuntimeTest {
    @Test
    void onOneOmpThreadHereRunsTheWorkAtOneThreadAndRestoresTheCount() {
        Nd4j.create(1);
        int before = Nd4jRuntime.ompThreadsHere();
        try {
            for (int threads : new int[] {3, 1, 2}) {
                Nd4jRuntime.useOmpThreadsHere(threads);
                AtomicInteger inside = new AtomicInteger();
                Nd4jRuntime.onOneOmpThreadHere(() -> inside.set(Nd4jRuntime.ompThreadsHere()));
                assertThat(inside.get()).as("count inside, from %d", threads).isEqualTo(1);
                assertThat(Nd4jRuntime.ompThreadsHere()).as("count after, from %d", threads).isEqualTo(threads);
            }
        } finally {
            Nd4jRuntime.useOmpThreadsHere(before);
        }
    }

    @Test
    void onOneOmpThreadHereRestoresTheCountWhenTheWorkThrows() {
        Nd4j.create(1);
        int before = Nd4jRuntime.ompThreadsHere();
        try {
            Nd4jRuntime.useOmpThreadsHere(2);
            assertThatThrownBy(() -> Nd4jRuntime.onOneOmpThreadHere(() -> {
                throw new IllegalStateException("failed");
            })).hasMessage("failed");
            assertThat(Nd4jRuntime.ompThreadsHere()).isEqualTo(2);
        } finally {
            Nd4jRuntime.useOmpThreadsHere(before);
        }
    }
}
