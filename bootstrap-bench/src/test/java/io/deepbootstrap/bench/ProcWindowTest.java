package io.deepbootstrap.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProcWindow}: parsing of a made-up {@code /proc}, the real one on Linux, and "not available" without it. */
class ProcWindowTest {

    @Test
    void parsesAMadeUpProcTree(@TempDir Path proc) throws IOException {
        Path a = fakeProc(proc, "cpu  1000 10 200 5000 40 0 5 300 0 0", 2_000_000_000L, 100_000_000L, 150);
        ProcWindow.Snapshot first = ProcWindow.take(a).orElseThrow();
        assertThat(first.idleTicks()).isEqualTo(5040);
        assertThat(first.stealTicks()).isEqualTo(300);
        assertThat(first.totalTicks()).isEqualTo(1000 + 10 + 200 + 5000 + 40 + 5 + 300);
        assertThat(first.threads().get(4243).voluntary()).isEqualTo(4243 % 100);
        assertThat(first.threads().get(4243).involuntary()).isEqualTo(4243 % 7);
        assertThat(first.threads()).hasSize(5);
        assertThat(first.threads().get(4243).group()).isEqualTo("bench");
        assertThat(first.threads().get(4243).cpuNanos()).isEqualTo(2_000_000_000L);
        assertThat(first.threads().get(4243).waitNanos()).isEqualTo(100_000_000L);
        assertThat(first.threads().get(4242).group()).isEqualTo("other"); // the launcher's first thread
        assertThat(first.threads().get(4250).group()).isEqualTo("native"); // an OpenMP worker: the bench thread's name
        assertThat(first.threads().get(4251).group()).isEqualTo("jit");
        // without schedstat: utime + stime of stat (ticks of 10 ms), the command name holding ") " and spaces
        assertThat(first.threads().get(4252).group()).isEqualTo("other");
        assertThat(first.threads().get(4252).cpuNanos()).isEqualTo(150 * 10_000_000L);
    }

    @Test
    void windowBetweenTwoSnapshotsIsInCpus() {
        var threads0 = java.util.Map.of(1, new ProcWindow.ThreadTimes("bench", 0, 0, 5, 1),
                4, new ProcWindow.ThreadTimes("native", 1_000_000_000L, 0, 0, 0));
        var threads1 = java.util.Map.of(1, new ProcWindow.ThreadTimes("bench", 2_000_000_000L, 100_000_000L, 85, 11),
                4, new ProcWindow.ThreadTimes("native", 2_000_000_000L, 300_000_000L, 10, 5),
                // unreadable at the first snapshot (an older thread id): left out, its whole life is not the window's
                3, new ProcWindow.ThreadTimes("other", 9_000_000_000L, 9_000_000_000L, 999, 999),
                // started in the window: counts from zero
                7, new ProcWindow.ThreadTimes("parallel", 500_000_000L, 0, 10, 5));
        ProcWindow.Snapshot s0 = new ProcWindow.Snapshot(0, 100, 10, 1000, threads0);
        ProcWindow.Snapshot s1 = new ProcWindow.Snapshot(2_000_000_000L, 120, 50, 1400, threads1);
        ProcWindow.Window w = ProcWindow.between(s0, s1);
        assertThat(w.seconds()).isEqualTo(2.0);
        assertThat(w.steal()).isCloseTo(0.2, within(1e-9));
        assertThat(w.idle()).isCloseTo(0.1, within(1e-9));
        assertThat(w.cpus()).isCloseTo(2.0, within(1e-9));
        assertThat(w.groups().get("bench")).isCloseTo(1.0, within(1e-9));
        assertThat(w.groups().get("native")).isCloseTo(0.5, within(1e-9));
        assertThat(w.groups().get("parallel")).isCloseTo(0.25, within(1e-9)); // started in the window: from zero
        assertThat(w.runQueueWait()).isCloseTo(0.2, within(1e-9));
        assertThat(w.waits().get("native")).isCloseTo(0.15, within(1e-9));
        assertThat(w.voluntaryPerSecond()).isEqualTo(50);
        assertThat(w.involuntaryPerSecond()).isEqualTo(10);
        assertThat(w.format()).isEqualTo("steal=0.20 idle=0.10 bench=1.00 native=0.50 parallel=0.25 jit=0.00 vmgc=0.00 "
                + "other=0.00 runq=0.20 (bench 0.05 native 0.15) cs=50/10");
    }

    @Test
    void saneNumbersOnThisLinux() {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")) && Files.exists(Path.of("/proc/thread-self")),
                "not Linux: the not-available case is covered below");
        ProcWindow.Snapshot a = ProcWindow.take().orElseThrow();
        long until = System.nanoTime() + 300_000_000L;
        double x = 0;
        while (System.nanoTime() < until) {
            x += Math.sqrt(x + 1);
        }
        ProcWindow.Snapshot b = ProcWindow.take().orElseThrow();
        ProcWindow.Window w = ProcWindow.between(a, b);
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(x).isPositive();
        assertThat(w.seconds()).isBetween(0.29, 30.0);
        // all CPUs' ticks over the window: about the number of CPUs (ticks are 10 ms, so allow a few of them)
        assertThat(w.cpus()).isBetween(0.5 * cores - 0.2, 1.5 * cores + 0.2);
        assertThat(w.steal()).isBetween(0.0, w.cpus() + 0.1);
        assertThat(w.idle()).isBetween(0.0, w.cpus() + 0.1);
        // the busy loop ran on this (the "bench") thread: it got some CPU, at most one CPU's worth
        assertThat(w.groups().get("bench")).isBetween(0.01, 1.05);
        assertThat(w.groups().keySet()).isSubsetOf(ProcWindow.GROUPS);
        assertThat(w.voluntaryPerSecond()).isNotNegative();
        assertThat(w.runQueueWait()).isNotNegative();
        assertThat(a.threads()).hasSizeGreaterThan(3); // the JVM's own threads
    }

    @Test
    void saysNotAvailableWithoutProc(@TempDir Path empty) {
        assertThat(ProcWindow.take(empty.resolve("proc"))).isEmpty();
        assertThat(ProcWindow.describe(Optional.empty(), Optional.empty())).startsWith("not available");
    }

    /** A /proc with process 4242, whose thread 4243 takes the snapshot. */
    private static Path fakeProc(Path root, String cpuLine, long benchCpu, long benchWait, long otherTicks)
            throws IOException {
        Files.writeString(root.resolve("stat"), cpuLine + "\ncpu0 1 2 3 4 5 6 7 8 0 0\nctxt 12345\n");
        Path pid = Files.createDirectories(root.resolve("4242"));
        Files.createSymbolicLink(root.resolve("self"), pid.getFileName());
        task(pid, 4242, "java", "10 1 1");
        task(pid, 4243, "java", benchCpu + " " + benchWait + " 40");
        task(pid, 4250, "java", "5 0 1");
        task(pid, 4251, "C2 CompilerThre", "7 0 1");
        Path odd = Files.createDirectories(pid.resolve("task/4252"));
        Files.writeString(odd.resolve("comm"), "odd) name\n");
        status(odd, 4252);
        Files.writeString(odd.resolve("stat"), "4252 (odd) name) S 1 2 3 4 5 6 7 8 9 10 " + (otherTicks - 50) + " 50 0 0 20 0\n");
        Files.createSymbolicLink(root.resolve("thread-self"), Path.of("4242/task/4243"));
        return root;
    }

    private static void task(Path pid, int tid, String name, String schedstat) throws IOException {
        Path t = Files.createDirectories(pid.resolve("task/" + tid));
        Files.writeString(t.resolve("comm"), name + "\n");
        Files.writeString(t.resolve("schedstat"), schedstat + "\n");
        status(t, tid);
    }

    private static void status(Path task, int tid) throws IOException {
        Files.writeString(task.resolve("status"), "Name:\tx\nvoluntary_ctxt_switches:\t" + tid % 100
                + "\nnonvoluntary_ctxt_switches:\t" + tid % 7 + "\n");
    }
}
