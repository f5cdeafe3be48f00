package io.deepbootstrap.toolkit.nn;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a loop over independent items (rows, chunks, matrices, image rows) between the calling thread and helper
 * threads, up to the native thread count ({@link Nd4jRuntime#threads}: the network's {@code threads}, the launcher's
 * {@code OMP_NUM_THREADS}), so that the toolkit's Java kernels and per-matrix BLAS loops use the cores libnd4j's and
 * BLAS's own operations use.
 *
 * <p>The items are cut into small chunks that the participating threads <b>claim one at a time</b> (an atomic
 * counter); the calling thread works too. A helper that is not scheduled (another process holds the core) claims
 * nothing and the caller does every chunk itself: the worst case is about one thread plus the cost of waking the
 * helper, never a wait for a thread that does not run. The caller only waits for chunks a helper has claimed and is
 * computing. Helpers spin for a few microseconds after a loop (the next one usually follows at once), then park.
 *
 * <p>Every item is computed by the same code whatever the split, so results do not depend on the thread count or on
 * which thread ran which chunk: callers that reduce across items keep one partial result per item or per fixed
 * chunk of their own, never per part. {@code part} identifies the thread (0 = the caller) for per-thread scratch
 * arrays; one part may receive several ranges, one after another.
 *
 * <p>On by default; {@code -Dbootstrap.toolkit.parallel=false} (e.g. in {@code JAVA_OPTS}) keeps every loop on the
 * calling thread. Loops started while another loop runs (nested calls, or a second network training concurrently in
 * another thread) run on their calling thread alone.
 */
final class Parallel {
    /** The largest number of parts (callers size per-part scratch arrays with it). */
    static final int MAX_PARTS = 8;
    /** Chunks per participating thread: small enough that a helper preempted mid-chunk holds up little work. */
    private static final int CHUNKS_PER_PART = 8;
    /**
     * How long an idle helper spins for the next loop before it parks: 20 µs, or
     * {@code -Dbootstrap.toolkit.parallel.spin=<microseconds>}.
     */
    private static final long SPIN_NANOS = Long.getLong("bootstrap.toolkit.parallel.spin", 20) * 1000;
    /** Whether an idle helper's spin gives its CPU to any other runnable thread ({@link Thread#yield}) between checks. */
    private static final boolean SPIN_YIELDS = Boolean.getBoolean("bootstrap.toolkit.parallel.yield");
    private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty("bootstrap.toolkit.parallel"));
    /** Held by the thread whose loop is being split (one at a time). */
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static final Helper[] HELPERS = new Helper[MAX_PARTS];
    /** The loop being split, or null; helpers poll it. */
    private static volatile Job current;

    /** The body of a split loop. */
    interface Range {
        /**
         * Processes items {@code [from, to)}.
         *
         * @param from first item
         * @param to end (exclusive)
         * @param part index of the thread running this range, {@code 0 <= part < }{@link #MAX_PARTS} (for per-thread
         *     scratch arrays; 0 is the calling thread)
         */
        void run(int from, int to, int part);
    }

    private Parallel() {
    }

    /**
     * For tests: switches the split on or off.
     *
     * @param on whether {@link #run} may use helper threads
     * @return the previous setting
     */
    static boolean enable(boolean on) {
        boolean was = enabled;
        enabled = on;
        return was;
    }

    /**
     * Runs {@code body} over {@code [0, count)}, split into chunks that up to {@link Nd4jRuntime#threads} threads (the
     * caller and helpers) claim dynamically; one range {@code [0, count)} on the caller when the split is off, when
     * fewer than {@code 2 * minPerPart} items are given, or when another loop is being split. Returns when every
     * item is done; rethrows the first exception a range threw.
     *
     * @param count number of items
     * @param minPerPart smallest number of items worth handing to another thread
     * @param body the loop body
     */
    static void run(int count, int minPerPart, Range body) {
        int parts = !enabled ? 1 : Math.min(Math.min(Nd4jRuntime.threads(), MAX_PARTS), count / Math.max(1, minPerPart));
        if (parts <= 1 || !BUSY.compareAndSet(false, true)) {
            body.run(0, count, 0);
            return;
        }
        try {
            int chunk = Math.max(1, (count + parts * CHUNKS_PER_PART - 1) / (parts * CHUNKS_PER_PART));
            Job job = new Job(body, count, chunk, parts);
            current = job;
            for (int p = 1; p < parts; p++) {
                helper(p).wake();
            }
            job.work(0);
            job.await();
            current = null;
            job.rethrow();
        } finally {
            BUSY.set(false);
        }
    }

    private static Helper helper(int part) {
        Helper h = HELPERS[part];
        if (h == null) {
            h = new Helper(part);
            HELPERS[part] = h;
            h.thread.start();
        }
        return h;
    }

    /** One split loop: its chunks, the claim counter and the count of finished chunks. */
    private static final class Job {
        private final Range body;
        private final int count;
        private final int chunk;
        private final int chunks;
        private final int parts;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile Throwable error;

        Job(Range body, int count, int chunk, int parts) {
            this.body = body;
            this.count = count;
            this.chunk = chunk;
            this.chunks = (count + chunk - 1) / chunk;
            this.parts = parts;
        }

        /** Claims and runs chunks until none is left. */
        void work(int part) {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    if (error == null) {
                        body.run(c * chunk, Math.min(count, (c + 1) * chunk), part);
                    }
                } catch (Throwable t) {
                    if (error == null) {
                        error = t;
                    }
                } finally {
                    finished.incrementAndGet();
                }
            }
        }

        /** Waits for the chunks that helpers claimed and are still computing. */
        void await() {
            for (int spins = 0; finished.get() < chunks; spins++) {
                if (spins < 1000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }

        void rethrow() {
            Throwable t = error;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** A daemon thread that runs chunks of the current loop as part {@code part}. */
    private static final class Helper implements Runnable {
        private final int part;
        private final Thread thread;

        Helper(int part) {
            this.part = part;
            thread = new Thread(this, "toolkit-parallel-" + part);
            thread.setDaemon(true);
        }

        void wake() {
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            Job last = null;
            while (true) {
                Job job = current;
                if (job != null && job != last) {
                    last = job;
                    if (part < job.parts) {
                        job.work(part);
                    }
                    continue;
                }
                long until = System.nanoTime() + SPIN_NANOS;
                while ((job = current) == null || job == last) {
                    if (System.nanoTime() > until) {
                        LockSupport.park(this);
                        until = System.nanoTime() + SPIN_NANOS;
                    } else if (SPIN_YIELDS) {
                        Thread.yield();
                    } else {
                        Thread.onSpinWait();
                    }
                }
            }
        }
    }
}
