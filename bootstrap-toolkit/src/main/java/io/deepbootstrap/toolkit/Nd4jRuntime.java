package io.deepbootstrap.toolkit;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Run-time settings and facts of the ND4J native backend that the launcher, the benchmark and tests use.
 */
public final class Nd4jRuntime {
    private Nd4jRuntime() {
    }

    /**
     * Sets the number of threads of libnd4j's own loops, OpenMP (used by oneDNN) and BLAS, at run time.
     * One thread is much faster when other processes compete for the cores (see docs/PERFORMANCE.md).
     *
     * @param threads thread count, at least 1
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
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
}
