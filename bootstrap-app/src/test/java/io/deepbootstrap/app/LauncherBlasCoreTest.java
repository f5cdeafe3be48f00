package io.deepbootstrap.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's launcher ({@code bin/bootstrap}) chooses OpenBLAS's AVX-512 kernels on a CPU that has AVX-512,
 * keeps an {@code OPENBLAS_CORETYPE} the user set, and lets {@code BOOTSTRAP_BLAS_CORETYPE} replace or clear it.
 * Runs the real script (its Maven placeholders for JVM flags removed) in a distribution layout whose {@code java}
 * only prints the {@code OPENBLAS_CORETYPE} it was started with.
 */
class LauncherBlasCoreTest {
    private static final Path LAUNCHER = Path.of("src", "main", "dist", "bin", "bootstrap");
    private static final String AVX512 = "fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16";

    @TempDir
    Path home;

    @BeforeEach
    void layOutDistribution() throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib"));
        Files.createDirectories(home.resolve("fake-jdk"));
        String text = Files.readString(LAUNCHER).replaceAll("\\$\\{bootstrap\\.[a-z.]+\\}", ""); // Maven placeholders
        executable(home.resolve("bin/bootstrap"), text);
        executable(home.resolve("fake-jdk/java"),
                "#!/usr/bin/env bash\necho \"core=${OPENBLAS_CORETYPE-<unset>} auto=${BOOTSTRAP_BLAS_CORETYPE_AUTO-<unset>}\"\n");
    }

    @Test
    void avx512CpuGetsTheSkylakeXKernels() throws Exception {
        assertThat(launch(Map.of("BOOTSTRAP_CPU_FLAGS", AVX512))).isEqualTo("SkylakeX");
    }

    @Test
    void cpuWithoutTheFullAvx512SetKeepsOpenBlasOwnChoice() throws Exception {
        assertThat(launch(Map.of("BOOTSTRAP_CPU_FLAGS", "fpu sse2 avx avx2 fma"))).isEqualTo("<unset>");
        // AVX-512 foundation without the byte/word and vector-length extensions (Knights Landing): not SkylakeX's set
        assertThat(launch(Map.of("BOOTSTRAP_CPU_FLAGS", "avx2 fma avx512f avx512cd avx512er avx512pf"))).isEqualTo("<unset>");
        assertThat(launch(Map.of("BOOTSTRAP_CPU_FLAGS", "avx2 avx512f avx512bw avx512vl"))).isEqualTo("<unset>");
    }

    @Test
    void usersOpenBlasCoreTypeWins() throws Exception {
        assertThat(launch(Map.of("BOOTSTRAP_CPU_FLAGS", AVX512, "OPENBLAS_CORETYPE", "Haswell"))).isEqualTo("Haswell");
    }

    @Test
    void bootstrapBlasCoreTypeReplacesOrClearsIt() throws Exception {
        assertThat(launch(Map.of("BOOTSTRAP_CPU_FLAGS", AVX512, "OPENBLAS_CORETYPE", "Haswell", "BOOTSTRAP_BLAS_CORETYPE", "Zen")))
                .isEqualTo("Zen");
        assertThat(launch(Map.of("BOOTSTRAP_CPU_FLAGS", AVX512, "BOOTSTRAP_BLAS_CORETYPE", "Cooperlake"))).isEqualTo("Cooperlake");
        assertThat(launch(Map.of("BOOTSTRAP_CPU_FLAGS", AVX512, "OPENBLAS_CORETYPE", "Haswell", "BOOTSTRAP_BLAS_CORETYPE", "openblas")))
                .isEqualTo("<unset>");
    }

    @Test
    void readsTheFlagsOfThisMachine() throws Exception {
        Set<String> flags = Set.of();
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("flags")) {
                flags = Set.copyOf(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                break;
            }
        }
        boolean avx512 = flags.containsAll(List.of("avx512f", "avx512bw", "avx512vl", "avx512dq"));
        assertThat(launch(Map.of())).isEqualTo(avx512 ? "SkylakeX" : "<unset>");
    }

    @Test
    void aCoreTheLauncherChoseIsMarkedAsItsOwnForSparkExecutors() throws Exception {
        assertThat(launchShowingMarker(Map.of("BOOTSTRAP_CPU_FLAGS", AVX512))).isEqualTo("core=SkylakeX auto=SkylakeX");
        assertThat(launchShowingMarker(Map.of("BOOTSTRAP_CPU_FLAGS", AVX512, "OPENBLAS_CORETYPE", "Haswell")))
                .isEqualTo("core=Haswell auto=<unset>");
        assertThat(launchShowingMarker(Map.of("BOOTSTRAP_CPU_FLAGS", "fpu sse2 avx avx2 fma"))).isEqualTo("core=<unset> auto=<unset>");
        // a marker inherited from an outer launcher goes when the core is replaced or cleared
        assertThat(launchShowingMarker(Map.of("BOOTSTRAP_CPU_FLAGS", AVX512, "OPENBLAS_CORETYPE", "SkylakeX",
                "BOOTSTRAP_BLAS_CORETYPE_AUTO", "SkylakeX", "BOOTSTRAP_BLAS_CORETYPE", "Zen"))).isEqualTo("core=Zen auto=<unset>");
        assertThat(launchShowingMarker(Map.of("BOOTSTRAP_CPU_FLAGS", AVX512, "OPENBLAS_CORETYPE", "SkylakeX",
                "BOOTSTRAP_BLAS_CORETYPE_AUTO", "SkylakeX", "BOOTSTRAP_BLAS_CORETYPE", "openblas"))).isEqualTo("core=<unset> auto=<unset>");
    }

    /** @return the {@code OPENBLAS_CORETYPE} the launcher started java with */
    private String launch(Map<String, String> env) throws Exception {
        String out = launchShowingMarker(env);
        return out.substring("core=".length(), out.indexOf(" auto="));
    }

    /**
     * Runs the launcher with the caller's environment minus every variable it reads here, plus {@code env}.
     *
     * @return {@code core=<OPENBLAS_CORETYPE> auto=<BOOTSTRAP_BLAS_CORETYPE_AUTO>} as java was started with
     */
    private String launchShowingMarker(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("bin/bootstrap").toString(), "--version")
                .redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        for (String name : List.of("OPENBLAS_CORETYPE", "BOOTSTRAP_BLAS_CORETYPE", "BOOTSTRAP_BLAS_CORETYPE_AUTO",
                "BOOTSTRAP_CPU_FLAGS", "JAVA_OPTS")) {
            e.remove(name);
        }
        e.putAll(new HashMap<>(env));
        e.put("BOOTSTRAP_CDS", "off");
        e.put("BOOTSTRAP_BLAS", "bundled");
        e.put("PATH", home.resolve("fake-jdk") + ":" + e.getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        assertThat(p.exitValue()).as("exit code of bin/bootstrap; output: %s", out).isZero();
        assertThat(out).as("the fake java's output").startsWith("core=").contains(" auto=");
        return out;
    }

    private static void executable(Path path, String text) throws IOException {
        Files.writeString(path, text);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
