package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.Batch;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Prepares batches ahead on a background thread (bounded queue), so that drawing fresh examples,
 * reading files and augmenting overlap with training. The wrapped source is used by that one thread
 * only, in order, so the batches are exactly those the source would give without prefetching.
 */
public final class PrefetchingBatchSource implements BatchSource {
    private static final Batch FAILED = new Batch(io.deepbootstrap.api.InputShape.vector(1), 2, 1);

    private final BlockingQueue<Batch> filled;
    private final BlockingQueue<Batch> free;
    private final Thread worker;
    private volatile Throwable failure;
    private long waitNanos;

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
        this.worker = new Thread(() -> run(source), threadName);
        worker.setDaemon(true);
        worker.start();
    }

    private void run(BatchSource source) {
        try (source) {
            while (!Thread.currentThread().isInterrupted()) {
                Batch b = free.take();
                source.fill(b);
                filled.put(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            filled.offer(FAILED);
        }
    }

    @Override
    public void fill(Batch batch) {
        long t0 = System.nanoTime();
        Batch ready;
        try {
            ready = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
        waitNanos += System.nanoTime() - t0;
        if (ready == FAILED) {
            filled.offer(FAILED);
            throw new IllegalStateException("preparing a batch failed: " + failure, failure);
        }
        copy(ready, batch);
        free.add(ready);
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
