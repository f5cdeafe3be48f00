package io.deepbootstrap.toolkit.nn;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-part time profile of a layer's forward and backward passes, for the benchmark's profiles
 * ({@code bootstrap-bench}'s {@code PartProfile}). Layers call {@link #mark} after each part; a mark charges the
 * calling thread's CPU time (or, with {@link #start(boolean)}, the wall time) since the previous mark to the named
 * part. Off unless {@link #start} was called (then a mark is one volatile read). Marks from one training or inference
 * thread only; with more than one native thread use wall time (the calling thread's CPU time does not count the
 * work of the other threads).
 */
public final class PartTimer {
    private static volatile PartTimer active;
    private final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    private final Map<String, long[]> totals = new LinkedHashMap<>();
    private final boolean wall;
    private long last;

    private PartTimer(boolean wall) {
        this.wall = wall;
    }

    /** @return a new CPU-time timer, now receiving every {@link #mark} (replaces an active one) */
    public static PartTimer start() {
        return start(false);
    }

    /**
     * @param wall whether to charge wall time ({@link System#nanoTime}) instead of the calling thread's CPU time
     * @return a new timer, now receiving every {@link #mark} (replaces an active one)
     */
    public static PartTimer start(boolean wall) {
        PartTimer t = new PartTimer(wall);
        t.last = t.now();
        active = t;
        return t;
    }

    private long now() {
        return wall ? System.nanoTime() : bean.getCurrentThreadCpuTime();
    }

    /** @return whether a timer is active (receiving {@link #mark}s) */
    static boolean running() {
        return active != null;
    }

    /** Stops the active timer (marks are ignored again). */
    public static void stop() {
        active = null;
    }

    /**
     * Charges the CPU time since the previous mark to {@code part} when a timer is active.
     *
     * @param part name of the part that just ended
     */
    public static void mark(String part) {
        PartTimer t = active;
        if (t != null) {
            long now = t.now();
            t.totals.computeIfAbsent(part, k -> new long[2])[0] += now - t.last;
            t.totals.get(part)[1]++;
            t.last = now;
        }
    }

    /** Starts a new interval without charging the time since the previous mark to any part. */
    public void skip() {
        last = now();
    }

    /** Forgets all totals. */
    public void clear() {
        totals.clear();
        skip();
    }

    /** @return nanoseconds (CPU or wall) per part, in the order parts were first marked */
    public Map<String, Long> nanos() {
        Map<String, Long> m = new LinkedHashMap<>();
        totals.forEach((k, v) -> m.put(k, v[0]));
        return m;
    }
}
