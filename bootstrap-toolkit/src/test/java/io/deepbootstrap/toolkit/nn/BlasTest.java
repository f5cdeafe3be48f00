package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * {@link Blas#gemm} against {@link Nd4j#gemm} on the operand shapes the layers pass: whole matrices, row ranges of
 * a larger buffer, matrices inside a flat vector at an offset (parameters and their gradients), transposed views
 * (column-major storage), a row of ones, alpha and beta, float and double; small products on one thread, the
 * caller's OpenMP thread count restored.
 */
class BlasTest {

    private static void check(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha, double beta) {
        INDArray expected = c.dup('c');
        Nd4j.gemm(a.dup('c'), b.dup('c'), expected, ta, tb, alpha, beta);
        INDArray before = c.dup();
        Blas.gemm(a, b, c, ta, tb, alpha, beta);
        double tolerance = c.dataType() == DataType.DOUBLE ? 1e-12 : 1e-4;
        assertThat(c.sub(expected).amaxNumber().doubleValue())
                .as("ta=%s tb=%s a%s b%s", ta, tb, java.util.Arrays.toString(a.shape()), java.util.Arrays.toString(b.shape()))
                .isLessThan(tolerance * Math.max(1, expected.amaxNumber().doubleValue()));
        assertThat(before.shape()).isEqualTo(c.shape());
    }

    @Test
    void allTransposeCombinationsOfWholeMatricesMatchNd4j() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Nd4j.getRandom().setSeed(1);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    INDArray a = ta ? Nd4j.rand(t, 7, 5) : Nd4j.rand(t, 5, 7);
                    INDArray b = tb ? Nd4j.rand(t, 3, 7) : Nd4j.rand(t, 7, 3);
                    check(a, b, Nd4j.rand(t, 5, 3), ta, tb, 1.0, 0.0);
                    check(a, b, Nd4j.rand(t, 5, 3), ta, tb, 0.5, 1.0);
                }
            }
        }
    }

    @Test
    void viewsAtOffsetsAndTransposedStorageMatchNd4j() {
        Nd4j.getRandom().setSeed(2);
        INDArray flat = Nd4j.rand(DataType.FLOAT, 1, 200);
        // a [6, 4] weight inside a flat parameter vector, after 17 other values
        INDArray w = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(17, 17 + 24)).reshape('c', 6, 4);
        INDArray grad = Nd4j.zeros(DataType.FLOAT, 1, 100);
        INDArray gw = grad.get(NDArrayIndex.point(0), NDArrayIndex.interval(31, 31 + 24)).reshape('c', 6, 4);
        INDArray big = Nd4j.rand(DataType.FLOAT, 20, 6);
        INDArray rows = big.get(NDArrayIndex.interval(3, 12), NDArrayIndex.all()); // [9, 6] at row 3
        INDArray out = Nd4j.zeros(DataType.FLOAT, 15, 4);
        INDArray outRows = out.get(NDArrayIndex.interval(2, 11), NDArrayIndex.all());
        check(rows, w, outRows, false, false, 1.0, 0.0);
        assertThat(out.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()).sumNumber().doubleValue()).isZero();
        assertThat(out.get(NDArrayIndex.interval(11, 15), NDArrayIndex.all()).sumNumber().doubleValue()).isZero();
        INDArray g = Nd4j.rand(DataType.FLOAT, 9, 4);
        check(rows, g, gw, true, false, 1.0, 0.0);
        check(g, w, Nd4j.zeros(DataType.FLOAT, 9, 6), false, true, 1.0, 0.0);
        // column-major operands (transposed views) and a bias gradient as a row of ones times g
        check(Nd4j.rand(DataType.FLOAT, 6, 9).transpose(), w, Nd4j.zeros(DataType.FLOAT, 9, 4), false, false, 1.0, 0.0);
        check(rows, Nd4j.rand(DataType.FLOAT, 4, 6).transpose(), Nd4j.zeros(DataType.FLOAT, 9, 4), false, false, 1.0, 0.0);
        INDArray bias = grad.get(NDArrayIndex.point(0), NDArrayIndex.interval(60, 64)).reshape('c', 1, 4);
        check(Nd4j.ones(DataType.FLOAT, 1, 9), g, bias, false, false, 1.0, 0.0);
        // an f-order output is not row-major: handed to Nd4j.gemm
        check(rows, w, Nd4j.create(DataType.FLOAT, new long[] {9, 4}, 'f'), false, false, 1.0, 0.0);
    }

    @Test
    void smallProductsRunOnOneThreadAndLeaveTheCallersThreadCountAsItWas() {
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int was = ops.ompGetMaxThreads();
        try {
            for (int threads = 1; threads <= 2; threads++) {
                Nd4jRuntime.setThreads(threads);
                Nd4j.getRandom().setSeed(3);
                // 128 x 512 x 10 multiply-adds (the MLP's last layer): below Blas.SMALL_PRODUCT, one thread
                check(Nd4j.rand(DataType.FLOAT, 128, 512), Nd4j.rand(DataType.FLOAT, 512, 10), Nd4j.zeros(DataType.FLOAT, 128, 10),
                        false, false, 1.0, 0.0);
                assertThat(ops.ompGetMaxThreads()).as("after a small gemm at %d thread(s)", threads).isEqualTo(threads);
                INDArray x = Nd4j.rand(DataType.FLOAT, 128, 64);
                INDArray sums = Nd4j.zeros(DataType.FLOAT, 64);
                Blas.columnSums(x, sums, 1.0);
                assertThat(sums.sub(x.sum(0)).amaxNumber().doubleValue()).isLessThan(1e-4);
                assertThat(ops.ompGetMaxThreads()).as("after a small gemv at %d thread(s)", threads).isEqualTo(threads);
            }
            assertThat(128L * 512 * 10).isLessThan(Blas.SMALL_PRODUCT);
        } finally {
            Nd4jRuntime.setThreads(Math.max(1, was));
        }
    }

    /**
     * One large product through {@link Blas#gemmSplit} at two threads: bitwise the same as at one thread when the BLAS
     * follows the caller's OpenMP count (the split), bitwise {@link Blas#gemm} at two threads otherwise (no split; the
     * pthread OpenBLAS bundled with ND4J, which the tests run with unless one is preloaded); close to
     * {@link Nd4j#gemm}; the caller's OpenMP count is restored.
     */
    private static void checkSplit(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha, double beta) {
        long m = c.size(0);
        long n = c.size(1);
        long k = ta ? a.size(0) : a.size(1);
        assertThat(m * n * k).isGreaterThanOrEqualTo(Blas.SPLIT_PRODUCT);
        INDArray reference = c.dup('c');
        Nd4j.gemm(a.dup('c'), b.dup('c'), reference, ta, tb, alpha, beta);
        INDArray expected = c.dup('c');
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        // split (the OpenMP build): the pieces at one thread; else gemmSplit is gemm at the same thread count
        boolean split = Nd4jRuntime.blasFollowsOmpThreadsHere();
        Nd4jRuntime.setThreads(split ? 1 : 2);
        if (split) {
            Blas.gemmSplit(a, b, expected, ta, tb, alpha, beta);
        } else {
            Blas.gemm(a, b, expected, ta, tb, alpha, beta);
        }
        Nd4jRuntime.setThreads(2);
        Blas.gemmSplit(a, b, c, ta, tb, alpha, beta);
        assertThat(ops.ompGetMaxThreads()).as("caller's OpenMP count after a split product").isEqualTo(2);
        String what = String.format("split=%s ta=%s tb=%s a%s b%s %s", split, ta, tb, java.util.Arrays.toString(a.shape()),
                java.util.Arrays.toString(b.shape()), c.dataType());
        assertThat(c.sub(expected).amaxNumber().doubleValue()).as("bitwise, " + what).isZero();
        double tolerance = c.dataType() == DataType.DOUBLE ? 1e-12 : 1e-5;
        assertThat(c.sub(reference).amaxNumber().doubleValue()).as("against Nd4j.gemm, " + what)
                .isLessThan(tolerance * Math.max(1, reference.amaxNumber().doubleValue()));
    }

    @Test
    @ExtendWith(ParallelSplitOn.class)
    void largeProductsSplitIntoPiecesAreBitwiseTheSameAtOneAndTwoThreads() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Nd4j.getRandom().setSeed(4);
            // the MLP's products: forward (split by columns), weight gradient (by rows), input gradient
            checkSplit(Nd4j.rand(t, 128, 3072), Nd4j.rand(t, 3072, 512), Nd4j.rand(t, 128, 512), false, false, 1.0, 1.0);
            checkSplit(Nd4j.rand(t, 128, 3072), Nd4j.rand(t, 128, 512), Nd4j.zeros(t, 3072, 512), true, false, 1.0, 0.0);
            checkSplit(Nd4j.rand(t, 128, 512), Nd4j.rand(t, 300, 512), Nd4j.zeros(t, 128, 300), false, true, 0.5, 0.0);
            // sides that are not a multiple of the piece width; both operands transposed
            checkSplit(Nd4j.rand(t, 333, 203), Nd4j.rand(t, 97, 333), Nd4j.rand(t, 203, 97), true, true, 0.5, 1.0);
            // column-major storage (transposed views) and operands inside flat vectors at an offset
            INDArray flat = Nd4j.rand(t, 1, 3072 * 64 + 50);
            INDArray w = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(50, 50 + 3072 * 64)).reshape('c', 3072, 64);
            INDArray grad = Nd4j.zeros(t, 1, 64 * 3072 + 7);
            INDArray gw = grad.get(NDArrayIndex.point(0), NDArrayIndex.interval(7, 7 + 64 * 3072)).reshape('c', 64, 3072);
            checkSplit(Nd4j.rand(t, 3072, 100).transpose(), w, Nd4j.zeros(t, 100, 64), false, false, 1.0, 0.0);
            checkSplit(Nd4j.rand(t, 100, 64), Nd4j.rand(t, 3072, 100).transpose(), gw, true, false, 1.0, 0.0);
            assertThat(grad.getDouble(0, 0)).isZero();
        }
    }
}
