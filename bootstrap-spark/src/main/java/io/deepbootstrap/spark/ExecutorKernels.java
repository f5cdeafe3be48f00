package io.deepbootstrap.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks on an executor that its CPU can run the OpenBLAS kernels the driver passed on ({@code OPENBLAS_CORETYPE}).
 * OpenBLAS does not check a forced core: SkylakeX kernels on a CPU without AVX-512 stop the executor JVM with an
 * illegal instruction, a crash Spark reports only as a lost executor. This check fails the task with a message that
 * names the core, the missing instructions and what to set instead.
 */
final class ExecutorKernels {
    private static final List<String> AVX512 = List.of("avx512f", "avx512bw", "avx512vl", "avx512dq");
    private static final List<String> AVX2 = List.of("avx2", "fma");
    /** The instructions each x86 core type of OpenBLAS 0.3.x uses (lower case); cores not listed are not checked. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "haswell", AVX2,
            "zen", AVX2,
            "skylakex", AVX512,
            "cooperlake", concat(AVX512, List.of("avx512_bf16")),
            "sapphirerapids", concat(AVX512, List.of("avx512_bf16", "amx_bf16")));

    private ExecutorKernels() {
    }

    /**
     * Fails when {@code OPENBLAS_CORETYPE} names a core whose instructions the CPU lacks.
     *
     * @param env the executor's environment (its {@code OPENBLAS_CORETYPE} and, when the driver's launcher chose that
     *     core, {@value SparkSettings#LAUNCHER_CORE})
     * @param cpuFlags the CPU's flags as {@code /proc/cpuinfo} lists them, or empty when unknown (then nothing is
     *     checked)
     * @param host the executor's host name, for the message
     * @throws IllegalStateException naming the core, the missing flags and the setting to change
     */
    static void check(Map<String, String> env, Optional<Set<String>> cpuFlags, String host) {
        String core = env.get("OPENBLAS_CORETYPE");
        if (core == null || cpuFlags.isEmpty()) {
            return;
        }
        List<String> missing = REQUIRED.getOrDefault(core.toLowerCase(Locale.ROOT), List.of()).stream()
                .filter(flag -> !cpuFlags.get().contains(flag)).toList();
        if (missing.isEmpty()) {
            return;
        }
        String origin = core.equals(env.get(SparkSettings.LAUNCHER_CORE))
                ? "the launcher chose it from the driver's CPU"
                : "it was set on the driver (OPENBLAS_CORETYPE or BOOTSTRAP_BLAS_CORETYPE)";
        throw new IllegalStateException("executor on " + host + ": OPENBLAS_CORETYPE=" + core + " (" + origin
                + ") needs CPU instructions this executor's CPU lacks: " + String.join(", ", missing)
                + ". For a cluster of different CPUs set OPENBLAS_CORETYPE on the driver to kernels every executor "
                + "can run (e.g. Haswell for AVX2; the same core everywhere keeps the numbers equal), or "
                + "BOOTSTRAP_BLAS_CORETYPE=openblas to let each executor's OpenBLAS choose (numbers may then differ "
                + "between executors)");
    }

    /** @return the flags of this machine's first CPU in {@code /proc/cpuinfo}, or empty if it cannot be read */
    static Optional<Set<String>> localCpuFlags() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> Stream.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+")).collect(Collectors.toSet()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
