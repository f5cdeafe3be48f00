package io.deepbootstrap.toolkit.nn;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a loop over independent items (rows, chunks, matrices) between the calling thread and helper threads,
 * as many parts as the native thread count ({@link Nd4jRuntime#threads}: the network's {@code threads}, the
 * launcher's {@code OMP_NUM_THREADS}), so that the toolkit's Java kernels and per-matrix BLAS loops use the cores
 * libnd4j's and BLAS's own operations use. Every item is computed by the same code whatever the split, so results do
 * not depend on the thread count (callers that reduce across items keep one partial result per item or per fixed
 * chunk, never per part).
 */
final class Parallel {
    /** The largest number of parts (callers size per-part scratch arrays with it). */
    static final int MAX_PARTS = 8;
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "toolkit-parallel");
        t.setDaemon(true);
        return t;
    });

    /** The body of a split loop. */
    interface Range {
        /**
         * Processes items {@code [from, to)}.
         *
         * @param from first item
         * @param to end (exclusive)
         * @param part index of this part, {@code 0 <= part < }{@link #MAX_PARTS} (for per-part scratch arrays)
         */
        void run(int from, int to, int part);
    }

    private Parallel() {
    }

    /**
     * Runs {@code body} over {@code [0, count)} in up to {@link Nd4jRuntime#threads} contiguous parts (part 0 on the
     * calling thread), each of at least {@code minPerPart} items; returns when all parts are done.
     *
     * @param count number of items
     * @param minPerPart smallest part worth a thread hand-off
     * @param body the loop body
     */
    static void run(int count, int minPerPart, Range body) {
        int parts = Math.min(Math.min(Nd4jRuntime.threads(), MAX_PARTS), Math.max(1, count / Math.max(1, minPerPart)));
        if (parts <= 1) {
            body.run(0, count, 0);
            return;
        }
        Future<?>[] helpers = new Future<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int part = p;
            helpers[p - 1] = HELPERS.submit(() -> body.run(bound(count, parts, part), bound(count, parts, part + 1), part));
        }
        body.run(0, bound(count, parts, 1), 0);
        for (Future<?> f : helpers) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a parallel part", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
            }
        }
    }

    private static int bound(int count, int parts, int part) {
        return (int) ((long) count * part / parts);
    }
}
