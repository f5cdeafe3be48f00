package io.deepbootstrap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the machine's and the process's CPU time went during a measured window, from Linux's {@code /proc}: the
 * hypervisor's steal time and the idle time of all CPUs ({@code /proc/stat}), and the CPU time, run-queue wait and
 * voluntary and involuntary context switches of every thread of the process ({@code /proc/self/task/<tid>/schedstat},
 * or {@code stat}'s utime + stime without schedstat, and {@code status}), summed per thread
 * group: the benchmark thread, native threads started by it (OpenMP and OpenBLAS workers; they carry its name),
 * {@code Parallel}'s helpers, the JIT compilers, the VM thread and collectors, everything else. Every figure is given
 * in CPUs (CPU seconds per wall second), so that on a 2-core machine {@code bench 1.00 native 0.90 idle 0.05 steal
 * 0.05} accounts for both cores.
 *
 * <p>Elsewhere (no {@code /proc/stat}) {@link #take} returns empty and {@link #describe} says "not available".
 */
public final class ProcWindow {
    /** Linux's USER_HZ: the unit of {@code /proc/stat} and of a thread's {@code stat} times. */
    private static final double TICKS_PER_SECOND = 100;
    /** Thread groups, in printing order. */
    static final List<String> GROUPS = List.of("bench", "native", "parallel", "jit", "vmgc", "other");

    private ProcWindow() {
    }

    /**
     * One reading of the counters.
     *
     * @param wallNanos {@link System#nanoTime} when read
     * @param idleTicks idle + iowait ticks of all CPUs
     * @param stealTicks ticks stolen by the hypervisor, all CPUs
     * @param totalTicks all ticks of all CPUs (user to steal)
     * @param threads per thread id: its group, CPU and run-queue wait nanoseconds and context switches so far
     */
    public record Snapshot(long wallNanos, long idleTicks, long stealTicks, long totalTicks,
                           Map<Integer, ThreadTimes> threads) {
    }

    /**
     * One thread's counters.
     *
     * @param group its group (one of {@link #GROUPS})
     * @param cpuNanos CPU time so far
     * @param waitNanos time spent runnable, waiting for a CPU, so far (0 without schedstat)
     * @param voluntary voluntary context switches so far (the thread blocked, parked or slept)
     * @param involuntary involuntary context switches so far (the thread was preempted)
     */
    public record ThreadTimes(String group, long cpuNanos, long waitNanos, long voluntary, long involuntary) {
    }

    /**
     * What happened between two snapshots, in CPUs (seconds per wall second) unless named otherwise.
     *
     * @param seconds wall seconds between the snapshots
     * @param steal CPU time the hypervisor stole, all CPUs
     * @param idle idle time of all CPUs
     * @param cpus all CPU time counted ({@code /proc/stat}), i.e. about the number of CPUs
     * @param groups CPU time of each thread group of this process
     * @param runQueueWait this process's threads' time spent runnable but not running (summed over threads)
     * @param waits that time per thread group
     * @param voluntaryPerSecond voluntary context switches per second (threads that blocked or parked)
     * @param involuntaryPerSecond involuntary context switches per second (threads preempted)
     */
    public record Window(double seconds, double steal, double idle, double cpus, Map<String, Double> groups,
                         double runQueueWait, Map<String, Double> waits, double voluntaryPerSecond,
                         double involuntaryPerSecond) {

        /**
         * @return the figures on one line, e.g. {@code steal=0.05 idle=0.10 bench=0.98 native=0.80 ... runq=0.20
         *     (bench 0.05 jit 0.15) cs=900/40}: the run-queue wait's groups in parentheses (those above 0.005)
         */
        public String format() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "steal=%.2f idle=%.2f", steal, idle));
            for (String g : GROUPS) {
                sb.append(String.format(Locale.ROOT, " %s=%.2f", g, groups.getOrDefault(g, 0.0)));
            }
            sb.append(String.format(Locale.ROOT, " runq=%.2f (", runQueueWait));
            String sep = "";
            for (String g : GROUPS) {
                double v = waits.getOrDefault(g, 0.0);
                if (v >= 0.005) {
                    sb.append(sep).append(String.format(Locale.ROOT, "%s %.2f", g, v));
                    sep = " ";
                }
            }
            sb.append(String.format(Locale.ROOT, ") cs=%.0f/%.0f", voluntaryPerSecond, involuntaryPerSecond));
            return sb.toString();
        }
    }

    /** @return the counters now, or empty when {@code /proc} does not give them (not Linux) */
    public static Optional<Snapshot> take() {
        return take(Path.of("/proc"));
    }

    /**
     * Reads the counters under a {@code /proc} directory ({@code self} and {@code thread-self} must name this process
     * and the calling thread).
     *
     * @param proc the proc file system's root
     * @return the counters, or empty when a file is missing or unreadable
     */
    static Optional<Snapshot> take(Path proc) {
        long wall = System.nanoTime();
        try {
            long[] cpu = cpuLine(Files.readAllLines(proc.resolve("stat")));
            int pid = Integer.parseInt(proc.resolve("self").toRealPath().getFileName().toString());
            int benchTid = Integer.parseInt(proc.resolve("thread-self").toRealPath().getFileName().toString());
            String benchName = Files.readString(proc.resolve("thread-self/comm")).trim();
            Map<Integer, ThreadTimes> threads = new HashMap<>();
            try (Stream<Path> tasks = Files.list(proc.resolve("self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    int tid;
                    try {
                        tid = Integer.parseInt(task.getFileName().toString());
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    try {
                        String name = Files.readString(task.resolve("comm")).trim();
                        long[] t = times(task);
                        long[] cs = switches(Files.readAllLines(task.resolve("status")));
                        threads.put(tid, new ThreadTimes(group(tid, name, pid, benchTid, benchName), t[0], t[1], cs[0],
                                cs[1]));
                    } catch (IOException | RuntimeException e) {
                        // the thread ended while we read: left out
                    }
                }
            }
            long idle = cpu[3] + cpu[4];
            long steal = cpu[7];
            long total = 0;
            for (int i = 0; i < 8; i++) {
                total += cpu[i];
            }
            return Optional.of(new Snapshot(wall, idle, steal, total, threads));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The figures between two snapshots; threads that started in between (a thread id above the first snapshot's)
     * count from zero, threads that ended or could not be read at the first snapshot are left out.
     *
     * @param a the earlier snapshot
     * @param b the later one
     * @return the window
     */
    public static Window between(Snapshot a, Snapshot b) {
        double seconds = Math.max(1e-9, (b.wallNanos() - a.wallNanos()) / 1e9);
        double perTick = 1 / TICKS_PER_SECOND / seconds;
        Map<String, Double> groups = new HashMap<>();
        Map<String, Double> waits = new HashMap<>();
        double wait = 0;
        long voluntary = 0;
        long involuntary = 0;
        ThreadTimes zero = new ThreadTimes("", 0, 0, 0, 0);
        int newest = a.threads().keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (Map.Entry<Integer, ThreadTimes> e : b.threads().entrySet()) {
            ThreadTimes now = e.getValue();
            ThreadTimes before = a.threads().get(e.getKey());
            if (before == null && e.getKey() < newest) {
                continue; // existed at the first snapshot but could not be read then: its past is unknown
            }
            before = before == null ? zero : before;
            double waited = (now.waitNanos() - before.waitNanos()) / 1e9 / seconds;
            groups.merge(now.group(), (now.cpuNanos() - before.cpuNanos()) / 1e9 / seconds, Double::sum);
            waits.merge(now.group(), waited, Double::sum);
            wait += waited;
            voluntary += now.voluntary() - before.voluntary();
            involuntary += now.involuntary() - before.involuntary();
        }
        return new Window(seconds, (b.stealTicks() - a.stealTicks()) * perTick, (b.idleTicks() - a.idleTicks()) * perTick,
                (b.totalTicks() - a.totalTicks()) * perTick, groups, wait, waits, voluntary / seconds,
                involuntary / seconds);
    }

    /**
     * @param a the earlier snapshot, or empty
     * @param b the later one, or empty
     * @return {@link Window#format()} of the window, or {@code not available} when either snapshot is missing
     */
    public static String describe(Optional<Snapshot> a, Optional<Snapshot> b) {
        return a.isPresent() && b.isPresent() ? between(a.get(), b.get()).format() : "not available (no Linux /proc)";
    }

    /** The thread group of one thread of this process. */
    static String group(int tid, String name, int pid, int benchTid, String benchName) {
        if (tid == benchTid) {
            return "bench";
        }
        if (name.startsWith("toolkit-paralle")) {
            return "parallel";
        }
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return "jit";
        }
        if (name.equals("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Periodic")) {
            return "vmgc";
        }
        // native threads (libgomp's, OpenBLAS's) inherit the name of the thread that started them; the process's first
        // thread (the launcher, tid == pid) only waits for the JVM
        if (tid != pid && name.equals(benchName)) {
            return "native";
        }
        return "other";
    }

    /** The fields of {@code /proc/stat}'s aggregate {@code cpu} line: user nice system idle iowait irq softirq steal. */
    static long[] cpuLine(List<String> stat) {
        for (String line : stat) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long[] v = new long[8];
                for (int i = 0; i < 8; i++) {
                    v[i] = i + 1 < f.length ? Long.parseLong(f[i + 1]) : 0;
                }
                return v;
            }
        }
        throw new IllegalStateException("no cpu line in /proc/stat");
    }

    /** Voluntary and involuntary context switches from a thread's (or process's) {@code status}. */
    static long[] switches(List<String> status) {
        long[] v = {-1, -1};
        for (String line : status) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                v[0] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                v[1] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        if (v[0] < 0 || v[1] < 0) {
            throw new IllegalStateException("no context switch counts in status");
        }
        return v;
    }

    /** A thread's CPU and run-queue wait nanoseconds: {@code schedstat}, else {@code stat}'s utime + stime. */
    static long[] times(Path task) throws IOException {
        Path schedstat = task.resolve("schedstat");
        if (Files.isReadable(schedstat)) {
            String[] f = Files.readString(schedstat).trim().split("\\s+");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
        }
        String stat = Files.readString(task.resolve("stat"));
        // fields after the command name, which may contain spaces and parentheses: state is field 3, utime 14, stime 15
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return new long[] {(long) (ticks * 1e9 / TICKS_PER_SECOND), 0};
    }
}
