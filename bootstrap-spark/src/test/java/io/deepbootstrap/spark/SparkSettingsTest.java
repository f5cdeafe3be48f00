package io.deepbootstrap.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Executors get the launcher's native settings, including the OpenBLAS kernels, whether the user set them or the
 * launcher chose them from this machine's CPU (the same kernels give the same numbers); a core the launcher chose is
 * marked so that an executor whose CPU lacks it can say so ({@link ExecutorKernelsTest}).
 */
class SparkSettingsTest {

    @Test
    void kernelsTheLauncherChoseArePassedOnAndMarked() {
        Map<String, String> env = SparkSettings.executorEnv(Map.of("OPENBLAS_CORETYPE", "SkylakeX",
                "BOOTSTRAP_BLAS_CORETYPE_AUTO", "SkylakeX", "OMP_WAIT_POLICY", "PASSIVE", "MALLOC_ARENA_MAX", "2",
                "HOME", "/home/me"), 2);
        assertThat(env).containsExactly(Map.entry("OMP_NUM_THREADS", "2"), Map.entry("OMP_WAIT_POLICY", "PASSIVE"),
                Map.entry("MALLOC_ARENA_MAX", "2"), Map.entry("OPENBLAS_CORETYPE", "SkylakeX"),
                Map.entry("BOOTSTRAP_BLAS_CORETYPE_AUTO", "SkylakeX"));
    }

    @Test
    void kernelsTheUserSetArePassedOnUnmarked() {
        assertThat(SparkSettings.executorEnv(Map.of("OPENBLAS_CORETYPE", "Haswell"), 1))
                .containsExactly(Map.entry("OMP_NUM_THREADS", "1"), Map.entry("OPENBLAS_CORETYPE", "Haswell"));
        // the user's core differs from the one the launcher would have chosen (BOOTSTRAP_BLAS_CORETYPE=Haswell, say)
        assertThat(SparkSettings.executorEnv(Map.of("OPENBLAS_CORETYPE", "Haswell", "BOOTSTRAP_BLAS_CORETYPE_AUTO", "SkylakeX"), 1))
                .containsEntry("OPENBLAS_CORETYPE", "Haswell").doesNotContainKey("BOOTSTRAP_BLAS_CORETYPE_AUTO");
        assertThat(SparkSettings.executorEnv(Map.of(), 3)).containsExactly(Map.entry("OMP_NUM_THREADS", "3"));
    }

    @Test
    void executorsGetTheVectorModuleAndLargerThreadStacksWhenTheyPreloadABlas() {
        assertThat(SparkSettings.executorJvmOptions(Map.of("OMP_NUM_THREADS", "1")))
                .containsExactly("--add-modules=jdk.incubator.vector");
        Map<String, String> preloading = SparkSettings.executorEnv(
                Map.of("LD_PRELOAD", "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"), 1);
        assertThat(SparkSettings.executorJvmOptions(preloading))
                .containsExactly("--add-modules=jdk.incubator.vector", "-XX:+AdjustStackSizeForTLS");
    }
}
