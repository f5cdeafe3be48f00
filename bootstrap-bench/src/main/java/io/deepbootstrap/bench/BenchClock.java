package io.deepbootstrap.bench;

/** The benchmark's clock: wall time by default, process (or, while profiling, thread) CPU time on request. */
public final class BenchClock {
    private BenchClock() {
    }

    /** Wall-clock or process CPU time in nanoseconds (the latter only for development on a busy machine). */
    private static volatile boolean cpuClock;
    /** The profile measures one thread's CPU time (process CPU time ticks are too coarse per layer). */
    private static volatile boolean profiling;

    /**
     * @param cpu true: rates per second of process CPU time instead of wall time (for a busy machine; meaningful
     *     with one thread)
     */
    public static void useCpuClock(boolean cpu) {
        cpuClock = cpu;
    }

    static long now() {
        if (cpuClock && profiling) {
            return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }
        if (cpuClock) {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
        return System.nanoTime();
    }

    /** @param on true while {@link LayerProfile} measures one thread's CPU time per layer */
    static void profiling(boolean on) {
        profiling = on;
    }
}
