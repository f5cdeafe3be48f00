package io.deepbootstrap.toolkit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Run-time settings and facts of the ND4J native backend that the launcher, the benchmark and tests use.
 */
public final class Nd4jRuntime {
    /** The thread count last applied process-wide by {@link #setThreads} or {@link #useThreads}; 0 = none yet. */
    private static volatile int applied;

    private Nd4jRuntime() {
    }

    /**
     * Sets the number of threads of libnd4j's own loops, OpenMP (used by oneDNN) and BLAS, at run time.
     * One thread is much faster when other processes compete for the cores (see docs/PERFORMANCE.md).
     * Costs about a millisecond (OpenBLAS resizes its pool even for an unchanged count); in a training loop
     * use {@link #useThreads}.
     *
     * @param threads thread count, at least 1
     */
    public static void setThreads(int threads) {
        check(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        applied = threads;
    }

    /**
     * Makes the calling thread's next native computations use {@code threads} threads; cheap enough to call
     * before every training step (well under a microsecond when nothing changes). The OpenMP count is set for
     * the calling thread every time; libnd4j's and BLAS's counts are process-wide and are set only when they
     * differ from the last count applied, so networks that train concurrently with different counts make
     * each other pay the full {@link #setThreads} cost at every switch.
     *
     * @param threads thread count, at least 1
     */
    public static void useThreads(int threads) {
        if (threads != applied) {
            setThreads(threads);
        } else {
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        }
    }

    /**
     * Sets the OpenMP thread count of the calling thread's next native operations only (oneDNN's and libnd4j's
     * parallel regions started from this thread), leaving libnd4j's and BLAS's process-wide counts and
     * {@link #threads} alone: for Java threads that each run native operations of their own at the same time.
     *
     * @param threads thread count, at least 1
     */
    public static void useOmpThreadsHere(int threads) {
        check(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }

    /** @return the thread count last applied by {@link #setThreads} or {@link #useThreads}, 1 if none yet */
    public static int threads() {
        return Math.max(1, applied);
    }

    private static void check(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** @return the native backend's build information (lists HAVE_ONEDNN for the oneDNN build) */
    public static String buildInfo() {
        Nd4j.create(1); // make sure the backend is loaded
        return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
    }

    /** @return whether the loaded native backend was built with oneDNN */
    public static boolean hasOneDnn() {
        return buildInfo().contains("HAVE_ONEDNN");
    }

    /**
     * Which OpenBLAS library computes the products: the one the launcher preloaded ({@code BOOTSTRAP_BLAS_LIBRARY},
     * docs/PERFORMANCE.md "BLAS library") when the process has it mapped, otherwise the OpenBLAS bundled with ND4J.
     *
     * @return e.g. {@code /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so (system, preloaded)} or
     *     {@code bundled OpenBLAS 0.3.19 (org.bytedeco:openblas)}
     */
    public static String blasLibrary() {
        Nd4j.create(1); // make sure the backend (and its BLAS) is loaded
        String preloaded = System.getenv("BOOTSTRAP_BLAS_LIBRARY");
        List<String> maps;
        try {
            maps = Files.readAllLines(Path.of("/proc/self/maps"));
        } catch (IOException | RuntimeException e) {
            maps = List.of();
        }
        if (preloaded != null && !preloaded.isBlank() && maps.stream().anyMatch(l -> l.endsWith(preloaded))) {
            return preloaded + " (system, preloaded)";
        }
        return "bundled " + org.bytedeco.openblas.global.openblas_nolapack.OPENBLAS_VERSION.trim()
                + " (org.bytedeco:openblas)";
    }
}
