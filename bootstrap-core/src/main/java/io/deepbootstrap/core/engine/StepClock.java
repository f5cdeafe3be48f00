package io.deepbootstrap.core.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Wall time and CPU time of the calling thread, summed over the intervals between {@link #start()} and
 * {@link #stop()}. On a loaded machine wall time measures mostly the share of a core the thread got; the
 * thread's CPU time (ThreadMXBean) is the work itself, comparable between runs and between the two worlds.
 * One clock belongs to one thread (the trainer's).
 */
public final class StepClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final boolean cpu = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    private long wallNanos;
    private long cpuNanos;
    private long wallStart;
    private long cpuStart;
    private int intervals;

    /** Starts an interval. */
    public void start() {
        wallStart = System.nanoTime();
        cpuStart = cpuNow();
    }

    /**
     * Ends the interval begun by the last {@link #start()}.
     *
     * @return the interval's wall time in nanoseconds
     */
    public long stop() {
        long wall = System.nanoTime() - wallStart;
        cpuNanos += cpuNow() - cpuStart;
        wallNanos += wall;
        intervals++;
        return wall;
    }

    private long cpuNow() {
        return cpu ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    /** @return whether CPU time is measured (else {@link #cpuSeconds()} is 0) */
    public boolean measuresCpu() {
        return cpu;
    }

    /** @return the summed wall time, in seconds */
    public double wallSeconds() {
        return wallNanos / 1e9;
    }

    /** @return the summed CPU time of the thread, in seconds (0 if the JVM cannot measure it) */
    public double cpuSeconds() {
        return cpuNanos / 1e9;
    }

    /** @return how many intervals were measured */
    public int intervals() {
        return intervals;
    }

    /**
     * @return e.g. {@code "12.34 s CPU (15.42 ms/interval), 20.10 s wall"}, with {@code unit} naming an interval
     * @param unit what one interval is (e.g. {@code step})
     */
    public String describe(String unit) {
        double perInterval = intervals == 0 ? 0 : 1000 * cpuSeconds() / intervals;
        return String.format(Locale.ROOT, "%.2f s CPU (%.2f ms/%s), %.2f s wall", cpuSeconds(), perInterval, unit,
                wallSeconds());
    }

    /** @return the calling thread's CPU time so far in nanoseconds, or 0 if it cannot be measured */
    public static long threadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    }
}
