package io.deepbootstrap.toolkit.internal;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import java.util.Optional;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Run-time settings and facts of the ND4J native backend that the launcher, the benchmark and tests use.
 */
public final class Nd4jRuntime {
    /** OpenBLAS's name of the kernels in use, once asked ({@link #blasCore}); null until then. */
    private static volatile Optional<String> core;
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

    /**
     * Runs {@code work} with the calling thread's OpenMP count at one ({@link #useOmpThreadsHere}) and then restores the
     * count it had, also when {@code work} throws; sets nothing when the count already is one. For native work that
     * should stay on the calling thread: a product too small to pay for waking an OpenMP thread, or one piece of a
     * split that other Java threads compute at the same time. The restore costs one native call (well under a
     * microsecond).
     *
     * @param work the native work
     */
    public static void onOneOmpThreadHere(Runnable work) {
        int threads = ompThreadsHere();
        if (threads == 1) {
            work.run();
            return;
        }
        useOmpThreadsHere(1);
        try {
            work.run();
        } finally {
            useOmpThreadsHere(threads);
        }
    }

    /**
     * @return the OpenMP thread count of the calling thread's next native operations (as {@link #useOmpThreadsHere} or
     *     {@link #useThreads} last set it for this thread), at least 1
     */
    public static int ompThreadsHere() {
        return Math.max(1, NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
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
     * Which OpenBLAS library computes the products, and with which of its kernels: the one the launcher preloaded
     * ({@code BOOTSTRAP_BLAS_LIBRARY}, docs/PERFORMANCE.md "BLAS library") when the process has it mapped, otherwise
     * the OpenBLAS bundled with ND4J; then {@link #blasCore} and whether {@code OPENBLAS_CORETYPE} chose it (numbers
     * depend on both: other kernels round differently).
     *
     * @return e.g. {@code /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so (system, preloaded), core
     *     SkylakeX (OPENBLAS_CORETYPE=SkylakeX)} or {@code bundled OpenBLAS 0.3.19 (org.bytedeco:openblas), core Haswell
     *     (chosen by OpenBLAS)}
     */
    public static String blasLibrary() {
        Nd4j.create(1); // make sure the backend (and its BLAS) is loaded
        String preloaded = System.getenv("BOOTSTRAP_BLAS_LIBRARY");
        List<String> maps = maps();
        String library;
        if (preloaded != null && !preloaded.isBlank() && maps.stream().anyMatch(l -> l.endsWith(preloaded))) {
            library = preloaded + " (system, preloaded)";
        } else {
            library = "bundled " + org.bytedeco.openblas.global.openblas_nolapack.OPENBLAS_VERSION.trim()
                    + " (org.bytedeco:openblas)";
        }
        String forced = System.getenv("OPENBLAS_CORETYPE");
        return library + ", core " + blasCore().orElse("?")
                + (forced != null ? " (OPENBLAS_CORETYPE=" + forced + ")" : " (chosen by OpenBLAS)");
    }

    /**
     * The kernels OpenBLAS computes with, as its {@code openblas_get_corename()} names them (e.g. {@code SkylakeX}:
     * AVX-512; {@code Haswell}, {@code Zen}: AVX2). OpenBLAS chooses them by CPU model when it is loaded, or as
     * {@code OPENBLAS_CORETYPE} says (the launcher sets it on AVX-512 CPUs; docs/PERFORMANCE.md "OpenBLAS kernels on
     * AVX-512"). Asks the library that resolves the symbol process-wide (the preloaded one), else an OpenBLAS the
     * process has mapped (the bundled one, which JavaCPP loads privately).
     *
     * @return the core name; empty when no OpenBLAS answers (e.g. the CUDA backend)
     */
    public static Optional<String> blasCore() {
        Optional<String> known = core;
        if (known == null) {
            Nd4j.create(1);
            known = askCore(maps());
            core = known;
        }
        return known;
    }

    /**
     * Whether every OpenBLAS call runs on as many threads as the calling thread's OpenMP count says
     * ({@link #useOmpThreadsHere}): true for OpenBLAS's OpenMP build (the launcher preloads it when installed) and its
     * single-threaded build ({@code openblas_get_parallel()} 2 or 0), false for the pthread build (the one bundled with
     * ND4J: its own thread pool, one process-wide count) and when no OpenBLAS answers.
     *
     * @return whether a BLAS call from a thread whose OpenMP count is 1 is single-threaded
     */
    public static boolean blasFollowsOmpThreadsHere() {
        Boolean known = blasFollowsOmp;
        if (known == null) {
            Nd4j.create(1);
            Optional<Integer> parallel = askInt(maps(), "openblas_get_parallel");
            known = parallel.isPresent() && parallel.get() != 1;
            blasFollowsOmp = known;
        }
        return known;
    }

    private static volatile Boolean blasFollowsOmp;

    private static Optional<Integer> askInt(List<String> maps, String function) {
        for (NativeLibrary library : openblasCandidates(maps)) {
            try {
                return Optional.of(library.getFunction(function).invokeInt(new Object[0]));
            } catch (LinkageError | RuntimeException e) {
                // this library does not export it: try the next
            }
        }
        return Optional.empty();
    }

    /** @return the process (the preloaded OpenBLAS resolves there), then every OpenBLAS the process has mapped */
    private static List<NativeLibrary> openblasCandidates(List<String> maps) {
        List<NativeLibrary> candidates = new ArrayList<>();
        try {
            candidates.add(NativeLibrary.getProcess());
        } catch (LinkageError | RuntimeException e) {
            return candidates; // JNA cannot load its native part
        }
        maps.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(f -> f.startsWith("/"))
                .filter(f -> Path.of(f).getFileName().toString().startsWith("libopenblas")).distinct().forEach(f -> {
                    try {
                        candidates.add(NativeLibrary.getInstance(f));
                    } catch (LinkageError | RuntimeException e) {
                        // not loadable by path: skip
                    }
                });
        return candidates;
    }

    private static Optional<String> askCore(List<String> maps) {
        for (NativeLibrary library : openblasCandidates(maps)) {
            try {
                String name = library.getFunction("openblas_get_corename").invokeString(new Object[0], false);
                if (name != null && !name.isBlank()) {
                    return Optional.of(name.trim());
                }
            } catch (LinkageError | RuntimeException e) {
                // this library does not export it: try the next
            }
        }
        return Optional.empty();
    }

    private static List<String> maps() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
