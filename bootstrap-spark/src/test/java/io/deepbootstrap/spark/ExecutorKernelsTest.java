package io.deepbootstrap.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An executor refuses OpenBLAS kernels its CPU cannot run, with a message that says what to set. */
class ExecutorKernelsTest {
    private static final Set<String> AVX2_CPU = Set.of("sse4_2", "avx", "avx2", "fma");
    private static final Set<String> AVX512_CPU = Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw",
            "avx512vl", "avx512dq");

    @Test
    void launcherChosenAvx512KernelsOnAnAvx2CpuFailWithTheReasonAndTheFix() {
        Map<String, String> env = Map.of("OPENBLAS_CORETYPE", "SkylakeX", "BOOTSTRAP_BLAS_CORETYPE_AUTO", "SkylakeX");
        assertThatThrownBy(() -> ExecutorKernels.check(env, Optional.of(AVX2_CPU), "node7"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("executor on node7")
                .hasMessageContaining("OPENBLAS_CORETYPE=SkylakeX (the launcher chose it from the driver's CPU)")
                .hasMessageContaining("avx512f, avx512bw, avx512vl, avx512dq")
                .hasMessageContaining("BOOTSTRAP_BLAS_CORETYPE=openblas");
    }

    @Test
    void aUserSetCoreIsNamedAsTheUsersAndCheckedCaseInsensitively() {
        Map<String, String> env = Map.of("OPENBLAS_CORETYPE", "COOPERLAKE");
        assertThatThrownBy(() -> ExecutorKernels.check(env, Optional.of(AVX512_CPU), "node2"))
                .hasMessageContaining("it was set on the driver")
                .hasMessageContaining("lacks: avx512_bf16.");
    }

    @Test
    void kernelsTheCpuRunsOrAnUnknownCpuOrCorePass() {
        assertThatCode(() -> ExecutorKernels.check(Map.of("OPENBLAS_CORETYPE", "SkylakeX"), Optional.of(AVX512_CPU), "a"))
                .doesNotThrowAnyException();
        assertThatCode(() -> ExecutorKernels.check(Map.of("OPENBLAS_CORETYPE", "Haswell"), Optional.of(AVX2_CPU), "a"))
                .doesNotThrowAnyException();
        assertThatCode(() -> ExecutorKernels.check(Map.of("OPENBLAS_CORETYPE", "SkylakeX"), Optional.empty(), "a"))
                .doesNotThrowAnyException();
        assertThatCode(() -> ExecutorKernels.check(Map.of("OPENBLAS_CORETYPE", "Prescott"), Optional.of(AVX2_CPU), "a"))
                .doesNotThrowAnyException();
        assertThatCode(() -> ExecutorKernels.check(Map.of(), Optional.of(Set.of()), "a")).doesNotThrowAnyException();
    }

    @Test
    void thisMachinesFlagsAreRead() {
        // every x86-64 Linux CPU lists sse2; on another OS or architecture the check reads nothing and checks nothing
        Optional<Set<String>> flags = ExecutorKernels.localCpuFlags();
        if (System.getProperty("os.arch").equals("amd64") && new java.io.File("/proc/cpuinfo").canRead()) {
            assertThat(flags).get().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.COLLECTION).contains("sse2");
        }
    }
}
