package io.deepbootstrap.toolkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Nd4jBackendsTest {

    @Test
    void thisBuildRunsOnTheCpuBackendAndSaysSo() {
        assertThat(Nd4jBackends.cudaBuild()).isFalse();
        assertThat(Nd4jBackends.startProblem()).isEmpty();
        assertThat(Nd4jBackends.describe()).startsWith("CPU (nd4j-native, oneDNN), ").contains(" cores, BLAS ");
    }

    @Test
    void namesTheOpenBlasKernelsInUse() {
        // this module's surefire forces them (pom.xml): OpenBLAS reports the kernels it loaded, not the variable
        assertThat(System.getenv("OPENBLAS_CORETYPE")).as("set by surefire").isEqualTo("Haswell");
        assertThat(Nd4jRuntime.blasCore()).contains("Haswell");
        assertThat(Nd4jBackends.describe()).endsWith(", core Haswell (OPENBLAS_CORETYPE=Haswell)");
    }

    @Test
    void aCudaBuildWithoutGpuFailsWithOneSentenceNamingTheCauseAndTheRemedy() {
        // what ND4J throws when its only backend cannot load its native library
        Throwable failure = new ExceptionInInitializerError(new RuntimeException("ND4J is probably missing dependencies.",
                new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib\n\tmore detail on a second line")));
        String message = Nd4jBackends.explain(failure, true);
        assertThat(message).startsWith("this is the CUDA build (nd4j-cuda-11.6) and it found no usable NVIDIA GPU (no jnicudart in java.library.path: /usr/lib)")
                .contains("CUDA 11.6 and cuDNN 8.3").endsWith("without -Pcuda)").doesNotContain("\n");
    }

    @Test
    void aCpuBackendThatCannotStartNamesTheRequirement() {
        String message = Nd4jBackends.explain(new UnsatisfiedLinkError("libnd4jcpu.so: cannot open shared object file"), false);
        assertThat(message).isEqualTo("the CPU backend (nd4j-native) cannot start (libnd4jcpu.so: cannot open shared object file); "
                + "it needs Linux x86-64 with AVX2 (see README, Requirements)");
    }
}
