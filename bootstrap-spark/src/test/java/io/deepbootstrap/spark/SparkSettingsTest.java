package io.deepbootstrap.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Executors get the launcher's native settings, but not the OpenBLAS kernels it chose from this machine's CPU: an
 * executor on a CPU without AVX-512 would fail with the SkylakeX kernels, so its own OpenBLAS chooses; a core the user
 * set is passed on (the same kernels on every executor, the same numbers as here).
 */
class SparkSettingsTest {

    @Test
    void kernelsTheLauncherChoseAreLeftToEachExecutor() {
        Map<String, String> env = SparkSettings.executorEnv(Map.of("OPENBLAS_CORETYPE", "SkylakeX",
                "BOOTSTRAP_BLAS_CORETYPE_AUTO", "SkylakeX", "OMP_WAIT_POLICY", "PASSIVE", "MALLOC_ARENA_MAX", "2",
                "HOME", "/home/me"), 2);
        assertThat(env).containsExactly(Map.entry("OMP_NUM_THREADS", "2"), Map.entry("OMP_WAIT_POLICY", "PASSIVE"),
                Map.entry("MALLOC_ARENA_MAX", "2"));
    }

    @Test
    void kernelsTheUserSetArePassedOn() {
        assertThat(SparkSettings.executorEnv(Map.of("OPENBLAS_CORETYPE", "Haswell"), 1))
                .containsEntry("OPENBLAS_CORETYPE", "Haswell").containsEntry("OMP_NUM_THREADS", "1");
        // the user's core differs from the one the launcher would have chosen (BOOTSTRAP_BLAS_CORETYPE=Haswell, say)
        assertThat(SparkSettings.executorEnv(Map.of("OPENBLAS_CORETYPE", "Haswell", "BOOTSTRAP_BLAS_CORETYPE_AUTO", "SkylakeX"), 1))
                .containsEntry("OPENBLAS_CORETYPE", "Haswell");
        assertThat(SparkSettings.executorEnv(Map.of(), 3)).containsExactly(Map.entry("OMP_NUM_THREADS", "3"));
    }
}
