package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.Batch;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Prepares batches ahead on a background thread (bounded queue), so that drawing fresh examples,
 * reading files and augmenting overlap with training. The wrapped source is used by that one thread
 * only, in order, so the batches are exactly those the source would give without prefetching.
 *
 * <p>For checkpoints, the background thread takes the wrapped source's position after each batch it fills
 * and hands it over with the batch; {@link #position()} is the position after the last batch the trainer
 * consumed. Batches prepared ahead but not consumed are thus not part of a checkpoint: a resumed run fills
 * them again, identically. Sources that do not support positions are prefetched all the same.
 */
public final class PrefetchingBatchSource implements BatchSource {
    /** A prepared batch and the source's position after it (null if the source has none). */
    private record Filled(Batch batch, Position after) {
    }

    private static final Filled FAILED_ITEM = new Filled(null, null);

    private final BlockingQueue<Filled> filled;
    private final BlockingQueue<Batch> free;
    private final Thread worker;
    private volatile Throwable failure;
    private long waitNanos;
    private volatile long fillCpuNanos; // written by the worker only
    private final boolean positions;
    private Position consumed;

    /**
     * @param source the source to run ahead of the trainer
     * @param template a batch whose shape, classes and capacity the buffers copy
     * @param depth how many batches may wait ready (>= 1)
     * @param threadName name of the background thread
     */
    public PrefetchingBatchSource(BatchSource source, Batch template, int depth, String threadName) {
        this.filled = new ArrayBlockingQueue<>(depth + 1);
        this.free = new ArrayBlockingQueue<>(depth);
        for (int i = 0; i < depth; i++) {
            free.add(new Batch(template.shape(), template.numClasses(), template.capacity()));
        }
        this.consumed = initialPosition(source);
        this.positions = consumed != null;
        this.worker = new Thread(() -> run(source), threadName);
        worker.setDaemon(true);
        worker.start();
    }

    private static Position initialPosition(BatchSource source) {
        try {
            return source.position();
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private void run(BatchSource source) {
        try (source) {
            while (!Thread.currentThread().isInterrupted()) {
                Batch b = free.take();
                long c0 = StepClock.threadCpuNanos();
                source.fill(b);
                fillCpuNanos += StepClock.threadCpuNanos() - c0;
                filled.put(new Filled(b, positions ? source.position() : null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            filled.offer(FAILED_ITEM);
        }
    }

    @Override
    public void fill(Batch batch) {
        long t0 = System.nanoTime();
        Filled ready;
        try {
            ready = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
        waitNanos += System.nanoTime() - t0;
        if (ready == FAILED_ITEM) {
            filled.offer(FAILED_ITEM);
            throw new IllegalStateException("preparing a batch failed: " + failure, failure);
        }
        copy(ready.batch(), batch);
        consumed = ready.after();
        free.add(ready.batch());
    }

    /**
     * @return the wrapped source's position after the last batch given to the trainer (not after the batches
     *     prepared ahead)
     * @throws UnsupportedOperationException if the wrapped source has no positions
     */
    @Override
    public Position position() {
        if (!positions) {
            throw new UnsupportedOperationException("the prefetched source does not support checkpoints");
        }
        return consumed;
    }

    /**
     * Not supported once the background thread runs: seek the wrapped source before wrapping it.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void seek(io.deepbootstrap.core.checkpoint.StateTree saved) {
        throw new UnsupportedOperationException("seek the source before it is prefetched");
    }

    private static void copy(Batch from, Batch to) {
        int n = from.size();
        System.arraycopy(from.features(), 0, to.features(), 0, n * from.shape().size());
        System.arraycopy(from.labels(), 0, to.labels(), 0, n);
        System.arraycopy(from.targets(), 0, to.targets(), 0, n * from.numClasses());
        System.arraycopy(from.exampleIds(), 0, to.exampleIds(), 0, n);
        to.setSize(n);
    }

    /** @return total time the trainer spent waiting for batches, in seconds */
    public double waitSeconds() {
        return waitNanos / 1e9;
    }

    /** @return CPU time the background thread spent preparing batches so far, in seconds */
    public double prepareCpuSeconds() {
        return fillCpuNanos / 1e9;
    }

    @Override
    public void close() {
        worker.interrupt();
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
