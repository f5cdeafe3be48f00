package io.deepbootstrap.toolkit.nn;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-part CPU-time profile of a layer's forward and backward passes, for the benchmark's profiles
 * ({@code bootstrap-bench}'s {@code VitProfile}). Layers call {@link #mark} after each part; a mark charges the
 * calling thread's CPU time since the previous mark to the named part. Off unless {@link #start} was called
 * (then a mark is one volatile read). Single-threaded use only (one training or inference thread).
 */
public final class PartTimer {
    private static volatile PartTimer active;
    private final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    private final Map<String, long[]> totals = new LinkedHashMap<>();
    private long last;

    private PartTimer() {
    }

    /** @return a new timer, now receiving every {@link #mark} (replaces an active one) */
    public static PartTimer start() {
        PartTimer t = new PartTimer();
        t.last = t.bean.getCurrentThreadCpuTime();
        active = t;
        return t;
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
            long now = t.bean.getCurrentThreadCpuTime();
            t.totals.computeIfAbsent(part, k -> new long[2])[0] += now - t.last;
            t.totals.get(part)[1]++;
            t.last = now;
        }
    }

    /** Starts a new interval without charging the time since the previous mark to any part. */
    public void skip() {
        last = bean.getCurrentThreadCpuTime();
    }

    /** Forgets all totals. */
    public void clear() {
        totals.clear();
        skip();
    }

    /** @return CPU nanoseconds per part, in the order parts were first marked */
    public Map<String, Long> nanos() {
        Map<String, Long> m = new LinkedHashMap<>();
        totals.forEach((k, v) -> m.put(k, v[0]));
        return m;
    }
}
