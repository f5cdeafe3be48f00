package io.deepbootstrap.bench;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The machine's single-precision matrix-product throughput with oneDNN's sgemm (the kernels behind the toolkit's
 * dense layers): the physical limit that {@code bench/compare.py} reports achieved GFLOP/s against, next to
 * OpenBLAS's (through torch.mm). With {@code t} threads, {@code t} Java threads each multiply their own
 * {@value #SIZE} x {@value #SIZE} matrices on one OpenMP thread for the same wall-clock window; the figure is their
 * summed flops per second of that window — the throughput of {@code t} cores busy with products, independent of how
 * well one product parallelises.
 */
public final class GemmPeak {
    /** The matrices' side. */
    public static final int SIZE = 2048;

    private GemmPeak() {
    }

    /**
     * @param threads Java threads multiplying at once (each on one OpenMP thread)
     * @param seconds length of the timed window, after two untimed products per thread
     * @return GFLOP/s summed over the threads (2 n^3 flops per product)
     */
    public static double gflops(int threads, double seconds) {
        AtomicLong products = new AtomicLong();
        long[] window = new long[2];
        CyclicBarrier start = new CyclicBarrier(threads, () -> window[0] = System.nanoTime());
        long windowNanos = (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        RuntimeException[] failure = new RuntimeException[1];
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                long n = SIZE;
                try (FloatPointer a = filled(n * n, 1); FloatPointer b = filled(n * n, 2); FloatPointer c = new FloatPointer(n * n)) {
                    Nd4jRuntime.useOmpThreadsHere(1);
                    for (int i = 0; i < 2; i++) {
                        product(a, b, c);
                    }
                    start.await();
                    long local = 0;
                    while (System.nanoTime() - window[0] < windowNanos) {
                        product(a, b, c);
                        local++;
                    }
                    products.addAndGet(local);
                } catch (Exception e) {
                    synchronized (failure) {
                        failure[0] = new IllegalStateException("gemm peak: " + e.getMessage(), e);
                    }
                }
            }, "gemm-peak-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring the gemm peak", e);
            }
        }
        window[1] = System.nanoTime();
        if (failure[0] != null) {
            throw failure[0];
        }
        double flops = 2.0 * SIZE * SIZE * (double) SIZE * products.get();
        return flops / ((window[1] - window[0]) / 1e9) / 1e9;
    }

    private static void product(FloatPointer a, FloatPointer b, FloatPointer c) {
        int status = dnnl.dnnl_sgemm((byte) 'N', (byte) 'N', SIZE, SIZE, SIZE, 1f, a, SIZE, b, SIZE, 0f, c, SIZE);
        if (status != dnnl.dnnl_success) {
            throw new IllegalStateException("dnnl_sgemm returned status " + status);
        }
    }

    private static FloatPointer filled(long length, int seed) {
        FloatPointer p = new FloatPointer(length);
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (long i = 0; i < length; i++) {
            p.put(i, (float) r.nextDouble(-1, 1));
        }
        return p;
    }
}
