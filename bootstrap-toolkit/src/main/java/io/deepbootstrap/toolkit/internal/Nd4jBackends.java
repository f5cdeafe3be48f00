package io.deepbootstrap.toolkit.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J backend this build runs on (the CPU build's {@code nd4j-native}, or {@code nd4j-cuda-11.6} built
 * with {@code -Pcuda}) and on which device, and a one-sentence explanation when the backend cannot start
 * (typically the CUDA build on a machine without a usable NVIDIA GPU).
 */
public final class Nd4jBackends {
    /** The class of ND4J's CUDA backend; present on the class path only in the CUDA build. */
    static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    private Nd4jBackends() {
    }

    /** @return whether this is the CUDA build (the CUDA backend is on the class path) */
    public static boolean cudaBuild() {
        try {
            Class.forName(CUDA_BACKEND, false, Nd4jBackends.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Starts the backend (ND4J loads it on first use).
     *
     * @return empty if it runs, else one sentence saying why not and what to do
     */
    public static Optional<String> startProblem() {
        try {
            Nd4j.create(1);
            return Optional.empty();
        } catch (Throwable e) { // ND4J reports a missing native library as an Error from a static initializer
            return Optional.of(explain(e, cudaBuild()));
        }
    }

    /**
     * @param failure what starting the backend threw
     * @param cuda whether this is the CUDA build
     * @return one sentence: which backend failed, the underlying reason, and the remedy
     */
    static String explain(Throwable failure, boolean cuda) {
        String reason = rootReason(failure);
        if (cuda) {
            return "this is the CUDA build (nd4j-cuda-11.6) and it found no usable NVIDIA GPU (" + reason
                    + "); it needs an NVIDIA GPU with its driver, CUDA 11.6 and cuDNN 8.3, otherwise build the CPU "
                    + "version (mvn install, without -Pcuda)";
        }
        return "the CPU backend (nd4j-native) cannot start (" + reason + "); it needs Linux x86-64 with AVX2 "
                + "(see README, Requirements)";
    }

    private static String rootReason(Throwable failure) {
        Throwable t = failure;
        String reason = null;
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage();
            }
        }
        String first = reason == null ? failure.getClass().getSimpleName() : reason.lines().findFirst().orElse(reason).trim();
        return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }

    /**
     * @return one line: the backend and the device the numbers are computed on, e.g. {@code CPU (nd4j-native,
     *     oneDNN), 2 cores, BLAS OPENBLAS: bundled OpenBLAS 0.3.19 (org.bytedeco:openblas), core SkylakeX
     *     (OPENBLAS_CORETYPE=SkylakeX)} or {@code CUDA, device 0 of 1: Tesla T4 (compute 7.5, 15.1 GiB)}
     */
    public static String describe() {
        Nd4j.create(1);
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = String.valueOf(env.getOrDefault("backend", "unknown"));
        if (backend.toUpperCase(Locale.ROOT).contains("CUDA")) {
            Object devices = env.get("cuda.devicesInformation");
            if (devices instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> d) {
                Object memory = d.get("cuda.totalMemory");
                String gib = memory instanceof Number n ? String.format(Locale.ROOT, ", %.1f GiB", n.doubleValue() / (1L << 30)) : "";
                return String.format(Locale.ROOT, "CUDA, device 0 of %d: %s (compute %s.%s%s)", list.size(),
                        d.get("cuda.deviceName"), d.get("cuda.deviceMajor"), d.get("cuda.deviceMinor"), gib);
            }
            return "CUDA (no device information)";
        }
        return String.format(Locale.ROOT, "CPU (nd4j-native%s), %s cores, BLAS %s: %s", Nd4jRuntime.hasOneDnn() ? ", oneDNN" : "",
                env.getOrDefault("cores", "?"), env.getOrDefault("blas.vendor", "?"), Nd4jRuntime.blasLibrary());
    }
}
